-- outside_world.lua - a Lua script (run by Debian's lua5.4, a program fred did not build)
-- that takes the clock, a random number seeded from the clock by Lua itself, and a line
-- of stdin, then prints a counter that depends on them: going back under `fred gdb` must
-- show what this run printed (test/session/realProgramLua.test.ts).
local t = os.time()
local r = math.random(1, 1000000000)
local line = io.read("l")
print(string.format("took t=%d r=%d line=%s", t, r, line))
local n = 0
for i = 1, 20 do
  n = n + (r % (i + 7))
  if i % 5 == 0 then print(string.format("step %d n=%d", i, n)) end
end
print(string.format("done n=%d", n))
