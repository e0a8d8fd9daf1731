#!/usr/bin/env python3
"""The admission workload's table (bench/admission.sh, bench/fleet.sh): WORK holds `makespans`
(a line "NAME MICROSECONDS" per workload) and NAME.log (a line "START END" per job, in µs of
CLOCK_MONOTONIC). Prints the makespan against the ideal (1.0 s for 60 jobs of 50 ms through 3
slots), the handoff (a job's start after the slot it takes was freed) and the most jobs seen
running at once."""
import os
import sys

work = sys.argv[1]
spans = dict(line.split() for line in open(os.path.join(work, "makespans")))
print(f"{'workload':20} {'jobs':>4} {'makespan ms':>12} {'x ideal':>8} {'handoff p50 ms':>15} {'p99 ms':>8} {'max conc.':>9}")
for name in spans:
    jobs = sorted(tuple(map(int, line.split())) for line in open(os.path.join(work, name + ".log")))
    starts = sorted(s for s, e in jobs)
    ends = sorted(e for s, e in jobs)
    span = (max(ends) - min(starts)) / 1000
    # The k-th start after the first three waits for the (k-3)-th end.
    handoff = sorted(max(0, starts[k] - ends[k - 3]) / 1000 for k in range(3, len(starts)))

    def p(q):
        return handoff[min(len(handoff) - 1, int(q * (len(handoff) - 1) + 0.5))]

    events = sorted([(s, 1) for s, e in jobs] + [(e, -1) for s, e in jobs])
    conc = best = 0
    for _, d in events:
        conc += d
        best = max(best, conc)
    print(f"{name:20} {len(jobs):>4} {span:>12.0f} {span / 1000:>8.3f} {p(0.5):>15.2f} {p(0.99):>8.2f} {best:>9}")
