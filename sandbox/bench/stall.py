"""Opens N connections to the sandbox and stalls each near the end of a 64 KiB body: the
header of a POST /demo-api/identities with Content-Length 65536, then 65,000 bytes, then
nothing. Holds them for HOLD seconds (answers and closes are counted), then closes them all.
Used by stall-rss.sh. Loopback only. Usage: python3 stall.py PORT N HOLD READY_FILE"""
import asyncio
import sys

port, n, hold, ready = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
head = (
    f"POST /demo-api/identities HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    "Content-Type: application/json\r\nContent-Length: 65536\r\n\r\n"
).encode()
body = b" " * 65000
stats = {"open": 0, "failed": 0, "answered": 0, "closed": 0}


async def one(gate):
    async with gate:
        try:
            r, w = await asyncio.open_connection("127.0.0.1", port)
            w.write(head + body)
            await w.drain()
        except OSError:
            stats["failed"] += 1
            return None
    stats["open"] += 1
    return r, w


async def watch(r):
    try:
        data = await r.read(1)
        if data:
            stats["answered"] += 1
        else:
            stats["closed"] += 1
    except OSError:
        stats["closed"] += 1


async def main():
    gate = asyncio.Semaphore(200)
    conns = [c for c in await asyncio.gather(*(one(gate) for _ in range(n))) if c]
    watchers = [asyncio.ensure_future(watch(r)) for r, _ in conns]
    open(ready, "w").write(f"{stats}\n")
    await asyncio.sleep(hold)
    print(f"stall.py: {n} tried, {stats}", flush=True)
    for _, w in conns:
        w.close()
    for t in watchers:
        t.cancel()


asyncio.run(main())
