# SPDX-License-Identifier: GPL-2.0
# lol-user speed (tests/bench-user/bench.sh): compression, hashing, sorting and an FP
# workload, each a portable C program built natively and for ia64 (static), run both ways
# with equal output required; prints times, ratios and the integer geometric mean (goal:
# within 15x of native).  A benchmark for `make bench`, never a test.  BENCH_SCALE=N
# multiplies the work.
BENCH_PROGS += tests/bench-user/bench.sh
bench: export LOL_USER := $(abspath $(O)/lol-user)
