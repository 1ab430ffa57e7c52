"""Drives hosting-mcp with the official Python MCP client, in both protocol eras, over stdio and
Streamable HTTP: lists tools, calls one with progress, reads resources, gets a prompt and
completes arguments. Exits 1 on the first check that fails.

Needs Python 3.10+ and the Python SDK v2 (`pip install "mcp>=2"`, which brings httpx2), and a
built server (`npm run build`). Run from the repository root:

    python3 scripts/clients/python-check.py

"auto" is the client's default: it probes with server/discover (2026-07-28) and falls back to the
initialize handshake; "legacy" forces the handshake (2025-11-25). See docs/CLIENTS.md.
"""

import os
import re
import secrets
import subprocess
import sys

import anyio
import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import PromptReference, ResourceTemplateReference

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.path.join(ROOT, "dist", "cli.js")
SERVERS = ResourceTemplateReference(type="ref/resource", uri="hosting://{provider}/{account}/servers/{server}")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"python-check: FAILED: {what}")


async def exercise(client: Client, label: str, expected_version: str) -> None:
    check(client.protocol_version == expected_version, f"{label}: negotiated {client.protocol_version}")
    tools = (await client.list_tools()).tools
    check({"deploy_site", "get_operation"} <= {t.name for t in tools}, f"{label}: tools listed")
    check(all(t.output_schema for t in tools), f"{label}: every tool declares an outputSchema")

    deployed = await client.call_tool("deploy_site", {"provider": "forge", "site": "acme.test"})
    check(not deployed.is_error, f"{label}: deploy_site")
    operation_id = deployed.structured_content["operation"]["id"]
    seen: list[float] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)

    followed = await client.call_tool(
        "get_operation", {"operation_id": operation_id, "wait_seconds": 30}, progress_callback=on_progress
    )
    check(followed.structured_content["operation"]["done"] is True, f"{label}: operation followed to its end")
    check(len(seen) > 0 and seen == sorted(set(seen)), f"{label}: rising progress {seen}")

    accounts = await client.read_resource("hosting://accounts")
    check("forge" in accounts.contents[0].text, f"{label}: hosting://accounts")
    prompt = await client.get_prompt("diagnose_deployment", {"site": "acme.test", "provider": "forge"})
    check("list_deployments" in prompt.messages[0].content.text, f"{label}: prompt names its tools")
    completed = await client.complete(SERVERS, {"name": "server", "value": "web"}, {"provider": "forge"})
    check(completed.completion.values == ["web-1", "web-2"], f"{label}: completion {completed.completion.values}")
    prompted = await client.complete(
        PromptReference(type="ref/prompt", name="diagnose_deployment"), {"name": "site", "value": "api."}, {"provider": "forge"}
    )
    check(prompted.completion.values == ["api.acme.test"], f"{label}: prompt argument completion")
    print(f"python-check: {label}: ok ({client.protocol_version})")


async def main() -> None:
    stdio = StdioServerParameters(command="node", args=[CLI, "--sandbox", "--log-level", "silent"])
    for mode, version in (("auto", "2026-07-28"), ("legacy", "2025-11-25")):
        async with Client(stdio, mode=mode) as client:
            await exercise(client, f"stdio {mode}", version)

    token = secrets.token_urlsafe(24)
    server = subprocess.Popen(
        ["node", CLI, "--http", "--sandbox", "--host", "127.0.0.1", "--port", "0"],
        env={**os.environ, "HOSTING_MCP_HTTP_TOKEN": token, "HOSTING_MCP_LOG_LEVEL": "info"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        for line in server.stderr:
            match = re.search(r'"url":"(http://[^"]+)"', line)
            if match:
                url = match.group(1)
                break
        check(url is not None, "the HTTP server reported its URL")
        for mode, version in (("auto", "2026-07-28"), ("legacy", "2025-11-25")):
            async with httpx2.AsyncClient(
                headers={"Authorization": f"Bearer {token}"}, timeout=httpx2.Timeout(30.0, read=300.0)
            ) as http_client:
                async with Client(streamable_http_client(url, http_client=http_client), mode=mode) as client:
                    await exercise(client, f"http {mode}", version)
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    anyio.run(main)
    sys.exit(0)
