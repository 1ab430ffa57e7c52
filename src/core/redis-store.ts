/**
 * The Redis client and the limiters built on it: the build puts this module (and all it pulls in)
 * in a bundle of its own, dist/redis.cjs, which only a server with HOSTING_MCP_REDIS_URL loads.
 */
export { Redis } from 'ioredis';
export { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
