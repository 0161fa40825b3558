#!/usr/bin/env python3
"""Load generator for bench/capture-listener.sh: opens CONNECTIONS TCP connections to HOST:PORT, at most
CONCURRENCY at a time, sends one recorded ClientHello record on each and reads until the listener closes.
Prints the number of completed connections and the elapsed seconds."""
import asyncio, sys, time

async def one(host, port, hello, sem, done):
    async with sem:
        try:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(hello)
            await writer.drain()
            while await reader.read(256):
                pass
            writer.close()
            done.append(1)
        except OSError:
            pass

async def main():
    host, port, hex_file, count, concurrency = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    hello = bytes.fromhex(open(hex_file).read().strip())
    sem = asyncio.Semaphore(concurrency)
    done = []
    start = time.monotonic()
    await asyncio.gather(*(one(host, port, hello, sem, done) for _ in range(count)))
    print(len(done), f"{time.monotonic() - start:.3f}")

asyncio.run(main())
