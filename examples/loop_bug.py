"""loop_bug.py - a balance that should stay positive goes negative on day 37."""


def fee_for(day):
    return 500 if day % 37 == 0 else 2  # BUG: a fee meant for day 370


balance = 100
for day in range(1, 61):
    balance += 5
    balance -= fee_for(day)  # UPDATE
print("balance = %d" % balance)  # END
