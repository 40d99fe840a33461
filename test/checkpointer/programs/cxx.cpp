// cxx.cpp - a C++ program survives a restart: containers, strings, iostreams, a virtual
// call, and exceptions thrown and caught after the restart (the unwinder's tables work).
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

struct Shape { virtual ~Shape() = default; virtual int sides() const = 0; };
struct Square : Shape { int sides() const override { return 4; } };

static int fail(const std::string &what) { std::cout << "FAIL " << what << std::endl; return 1; }

int main()
{
    std::vector<std::string> words;
    std::map<int, std::string> squares;
    for (int i = 0; i < 1000; i++) {
        words.push_back("word" + std::to_string(i));
        squares[i] = std::to_string(i * i);
    }
    std::unique_ptr<Shape> shape(new Square);
    std::cout << "ready " << getpid() << std::endl;
    std::string line;
    while (std::getline(std::cin, line) && line.rfind("check", 0) != 0) {}
    if (words.size() != 1000 || words[999] != "word999") return fail("vector of strings changed");
    if (squares[77] != "5929") return fail("map changed");
    if (shape->sides() != 4) return fail("virtual call broken");
    try {
        throw std::runtime_error("thrown after restart");
    } catch (const std::exception &e) {
        if (std::string(e.what()) != "thrown after restart") return fail("exception message changed");
    }
    words.resize(100000, "more");
    std::cout << "PASS" << std::endl;
    return 0;
}
