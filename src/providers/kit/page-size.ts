import { HostingError } from '../../core/errors.js';

/**
 * Lists ask for the largest page a provider allows, so cost grows with the work and not with a
 * default page of 30. Where the largest size is not documented, the ladder starts high and steps
 * down — once per client — when the provider refuses a size with a 400/422.
 */
export class PageSizeLadder {
  private index = 0;

  constructor(private readonly sizes: readonly number[]) {}

  /** The size to ask for when `wanted` items are still missing. */
  size(wanted: number): number {
    return Math.max(1, Math.min(this.sizes[this.index]!, wanted));
  }

  /** Runs one page fetch, stepping down while the provider refuses the size. */
  async fetch<T>(wanted: number, run: (size: number) => Promise<T>): Promise<T> {
    for (;;) {
      const size = this.size(wanted);
      try {
        return await run(size);
      } catch (error) {
        const refused =
          error instanceof HostingError &&
          (error.status === 422 || error.status === 400) &&
          this.index < this.sizes.length - 1 &&
          size === this.sizes[this.index];
        if (!refused) throw error;
        this.index++;
      }
    }
  }
}
