# The zdtm protocol for a whole python3 interpreter: build state of many kinds, print
# "ready <pid> <version>", wait for a line on stdin (the harness checkpoints, kills and
# restarts the process meanwhile), then check every piece and print PASS or FAIL <what>.
# usage: state.py DIR   (DIR holds the files it reads and writes)
import json
import os
import re
import sqlite3
import sys

directory = sys.argv[1]
big_list = [i * 3 for i in range(2_000_000)]
big_dict = {f'key{i}': [i, str(i)] for i in range(300_000)}
nested = {'name': 'fred', 'values': [1.5, None, True, {'deep': ['x'] * 3}]}
encoded = json.dumps(nested, sort_keys=True)

db = sqlite3.connect(':memory:')
db.execute('create table items (id integer primary key, label text, weight real)')
db.executemany('insert into items (label, weight) values (?, ?)', [(f'item{i}', i / 4) for i in range(5000)])
db.commit()
cursor = db.execute('select label from items where id > 4990 order by id')   # an open statement
first_row = cursor.fetchone()

pattern = re.compile(r'(?P<word>[a-z]+)-(?P<number>\d+)')

with open(os.path.join(directory, 'input.txt'), 'w') as f:
    f.write(''.join(f'line {i}\n' for i in range(10)))
reader = open(os.path.join(directory, 'input.txt'))
first_line = reader.readline()
writer = open(os.path.join(directory, 'output.txt'), 'w')
writer.write('before\n')
writer.flush()
writer.write('pending\n')            # still in the buffer at checkpoint time

pid_before = os.getpid()
print('ready', pid_before, sys.version.split()[0], flush=True)
sys.stdin.readline()

failures = []


def check(what, ok):
    if not ok:
        failures.append(what)


check('list', len(big_list) == 2_000_000 and sum(big_list) == 3 * (2_000_000 * 1_999_999 // 2))
check('dict', len(big_dict) == 300_000 and big_dict['key123456'] == [123456, '123456'])
check('json', json.loads(encoded) == nested and json.dumps(json.loads(encoded), sort_keys=True) == encoded)
check('sqlite open cursor', first_row == ('item4990',) and cursor.fetchone() == ('item4991',))
check('sqlite query', db.execute('select count(*), sum(weight) from items').fetchone() == (5000, sum(i / 4 for i in range(5000))))
db.execute("insert into items (label, weight) values ('new', 1)")
check('sqlite insert', db.execute("select id from items where label = 'new'").fetchone() == (5001,))
match = pattern.search('xx abc-123 yy')
check('re', match is not None and match.group('word') == 'abc' and match.group('number') == '123')
check('re new pattern', re.sub(r'\s+', '-', 'a  b\tc') == 'a-b-c')
check('file read offset', first_line == 'line 0\n' and reader.readline() == 'line 1\n')
writer.write('after\n')
writer.close()
with open(os.path.join(directory, 'output.txt')) as f:
    check('file written', f.read() == 'before\npending\nafter\n')
check('new pid', os.getpid() != pid_before)
print('PASS' if not failures else 'FAIL ' + ', '.join(failures), flush=True)
