# A small deterministic program for pdb sessions: step into square, over lines, print.
def square(value):
    result = value * value
    return result


def main():
    total = 0
    for i in range(5):
        total += square(i)
    print('total', total)


main()
