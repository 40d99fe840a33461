"""The program the `fred pdb` benchmark debugs (bench/pdbSession.ts finds its marked lines).

  pdbBenchProgram.py hold MB   builds about MB megabytes of Python strings, then loops
                               forever doing small statements, one of which replaces a
                               string of the big list (memory written after each snapshot)
  pdbBenchProgram.py loop N    a loop of N iterations whose total goes negative in the last
"""
import sys

mode, size = sys.argv[1], int(sys.argv[2])
if mode == 'hold':
    # a 49-character str is ~100 bytes with its list slot: 10,000 of them per MB
    data = ['%07d' % i * 7 for i in range(size * 10000)]
    step = 0
    total = 0
    while total != 42:
        step += 1  # BENCH_WORK
        total += step * 3
        data[(step * 4099) % len(data)] = str(total)
else:
    total = 0
    for i in range(size):
        total += 1 if i < size - 1 else -2 * size  # BUG
    print('total =', total)  # END
