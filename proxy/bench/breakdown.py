# SPDX-License-Identifier: GPL-2.0-only
"""Breakdown of a gateway worker's time: the same packets without packet I/O.

* offline: `ipsec-proxyd --read` decrypts a capture of the benchmark
  frames to /dev/null, with the syscall and the openssl backend: parsing,
  crypto and copies, without rings, sending or inspection.  The frames
  come in the live order (SA after SA) and grouped in runs of --batch
  frames of one SA, which shows what batching per session gains.
* crypto: ucapi-bench decrypts rfc4106 AES-128 ESP payloads of the same
  length, at batch 2 (what 32 packets spread over 16 SAs give) and 32.

Each offline rate is (N_long - N_short) / (t_long - t_short) from a long
and a short capture, so that starting the process and opening the SA
sessions cancel out, and the median of 2 trials.  Everything runs pinned
to the CPU under test.
"""
import csv
import io
import re
import statistics
import subprocess
import time

import frames


def offline_run(paths, pcap, backend, cpu):
    cmd = ["taskset", "-c", str(cpu), paths["proxyd"], "--read", pcap,
           "--sa", paths["sa"], "--write-decrypted", "/dev/null",
           "--backend", backend, "--quiet"]
    start = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    seconds = time.monotonic() - start
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed with status {r.returncode}: "
                           f"{r.stderr.strip()}")
    m = re.search(r"(\d+) packets read, (\d+) written, (\d+) dropped", r.stdout)
    c = re.search(r"crypto: (\d+) operations in (\d+) ucapi_batch\(\) calls", r.stdout)
    if not m or not c:
        raise RuntimeError(f"unexpected report of {' '.join(cmd)}:\n{r.stdout}")
    return {"seconds": seconds, "read": int(m.group(1)), "written": int(m.group(2)),
            "dropped": int(m.group(3)), "ops": int(c.group(1)), "calls": int(c.group(2))}


def grouped(frame_list, n_sas, run):
    """Reorder the frames into runs of run frames of one SA."""
    by_sa = [frame_list[i::n_sas] for i in range(n_sas)]
    out = []
    for start in range(0, len(by_sa[0]), run):
        for sa_frames in by_sa:
            out.extend(sa_frames[start:start + run])
    return out


def offline_rate(paths, short, long_, backend, cpu):
    a = offline_run(paths, short, backend, cpu)
    b = offline_run(paths, long_, backend, cpu)
    seconds = b["seconds"] - a["seconds"]
    return {"pps": (b["written"] - a["written"]) / seconds if seconds > 0 else None,
            "dropped": a["dropped"] + b["dropped"],
            "ops_per_call": b["ops"] / b["calls"] if b["calls"] else None}


def offline_rates(paths, frame_list, n_sas, size, cpu, repeat, trials=2, batch=32):
    """Measure the offline rate of every order and backend trials times,
    alternating them, and return the median rate of each."""
    pcaps = {}
    for order in ("interleaved", "grouped"):
        ordered = frame_list if order == "interleaved" else \
            grouped(frame_list, n_sas, batch)
        short = f"{paths['work']}/offline-{size}-{order}-short.pcap"
        long_ = f"{paths['work']}/offline-{size}-{order}-long.pcap"
        frames.write_pcap(short, ordered, 1)
        frames.write_pcap(long_, ordered, repeat)
        pcaps[order] = (short, long_)
    runs = {}
    for _ in range(trials):
        for order, (short, long_) in pcaps.items():
            for backend in ("syscall", "openssl"):
                runs.setdefault((order, backend), []).append(
                    offline_rate(paths, short, long_, backend, cpu))
    results = []
    for (order, backend), trial in runs.items():
        rates = [t["pps"] for t in trial if t["pps"]]
        results.append({
            "size": size, "order": order, "backend": backend,
            "pps": statistics.median(rates) if rates else None,
            "pps_min": min(rates) if rates else None,
            "pps_max": max(rates) if rates else None,
            "dropped": sum(t["dropped"] for t in trial),
            "ops_per_call": trial[-1]["ops_per_call"]})
    return results


def crypto_rates(paths, sizes, cpu, json_path):
    payloads = [frames.esp_payload_len(s) for s in sizes]
    cmd = ["taskset", "-c", str(cpu), paths["ucapi_bench"], "--alg", "rfc4106-128",
           "--op", "decrypt", "--size", ",".join(map(str, payloads)),
           "--batch", "2,32", "--threads", "1", "--backend", "syscall,openssl",
           "--trials", "3", "--duration", "0.5", "--quiet",
           f"--json={json_path}", "--csv"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed with status {r.returncode}: "
                           f"{r.stderr.strip()}")
    results = []
    for row in csv.DictReader(io.StringIO(r.stdout)):
        if row["status"] != "ok":
            continue
        size = sizes[payloads.index(int(row["size"]))]
        results.append({"size": size, "payload": int(row["size"]),
                        "batch": int(row["batch"]), "backend": row["backend"],
                        "ops_per_s": float(row["ops_per_sec_median"]),
                        "us_per_op": float(row["user_us_per_op"]) +
                        float(row["sys_us_per_op"])})
    return results, " ".join(cmd)
