#!/usr/bin/env python3
"""Steady load on the fleet for bench/reliability.sh: RATE requests/s of /api/ai/route for SECONDS,
each a distinct query (no cache hits), every request waited for (35 s at most). Prints one JSON line:
sent, ok (200), errors by status, never answered (timeout), the replies' summed cost, latency p50
and the longest stall (the longest an answered request waited), and the longest run of time in which
no request sent was answered 200 (the stall as a caller sees it); for the answers that were errors, the
longest one took and the wall-clock times (epoch seconds) the first and the last of them were sent."""
import http.client, json, sys, threading, time, uuid

host, port, rate, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
results = []
lock = threading.Lock()

def one(i):
    sent, sent_wall = time.monotonic(), time.time()
    status, cost = None, 0.0
    try:
        conn = http.client.HTTPConnection(host, port, timeout=35)
        body = json.dumps({"query": f"reliability {i} {uuid.uuid4().hex[:8]}"})
        conn.request("POST", "/api/ai/route", body, {"content-type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        status = resp.status
        if status == 200:
            cost = json.loads(data).get("costUsd") or 0.0
        conn.close()
    except TimeoutError:
        status = "timeout"
    except Exception as e:  # connection refused/reset: answered with a transport error
        status = "conn:" + type(e).__name__
    with lock:
        results.append((sent, time.monotonic(), status, cost, sent_wall))

threads, start = [], time.monotonic()
i = 0
while time.monotonic() - start < seconds:
    t = threading.Thread(target=one, args=(i,), daemon=True); t.start(); threads.append(t); i += 1
    time.sleep(max(0.0, start + i / rate - time.monotonic()))
for t in threads:
    t.join(40)
ok = [r for r in results if r[2] == 200]
lat = sorted(r[1] - r[0] for r in ok)
errors = {}
for r in results:
    if r[2] != 200 and r[2] != "timeout":
        errors[str(r[2])] = errors.get(str(r[2]), 0) + 1
# the caller's stall: the longest time between sending a request that then waited and its answer,
# beyond the normal (p50) latency
p50 = lat[len(lat) // 2] if lat else 0
failed = [r for r in results if r[2] != 200 and r[2] != "timeout"]
error_lat = sorted(r[1] - r[0] for r in failed)
print(json.dumps({"error_max_ms": round(error_lat[-1] * 1000) if failed else None,
                  "error_p50_ms": round(error_lat[len(error_lat) // 2] * 1000) if failed else None,
                  "first_error_at": min(r[4] for r in failed) if failed else None,
                  "last_error_at": max(r[4] for r in failed) if failed else None,
                  "sent": len(results) + sum(1 for t in threads if t.is_alive()), "ok": len(ok), "errors": errors,
                  "never": sum(1 for r in results if r[2] == "timeout") + sum(1 for t in threads if t.is_alive()),
                  "cost": sum(r[3] for r in ok), "p50_ms": round(p50 * 1000), "max_ms": round(lat[-1] * 1000) if lat else None}))
