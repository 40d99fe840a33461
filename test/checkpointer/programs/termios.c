/*
 * termios.c - the terminal settings of the standard input are applied to the new
 * terminal after a restart: echo off, a custom interrupt character, and a custom erase
 * character. Run on a pseudo-terminal.
 */
#include "zdtm.h"

#include <termios.h>

int main(void)
{
    if (!isatty(0)) zdtm_fail("stdin is not a terminal");
    struct termios t;
    tcgetattr(0, &t);
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHOE);
    t.c_cc[VINTR] = 0x18;
    t.c_cc[VERASE] = 0x08;
    tcsetattr(0, TCSANOW, &t);
    zdtm_ready();
    zdtm_wait_check();
    struct termios now;
    tcgetattr(0, &now);
    ZDTM_CHECK(!(now.c_lflag & ECHO), "echo is on again");
    ZDTM_CHECK(now.c_cc[VINTR] == 0x18, "interrupt character is %#x", now.c_cc[VINTR]);
    ZDTM_CHECK(now.c_cc[VERASE] == 0x08, "erase character is %#x", now.c_cc[VERASE]);
    zdtm_pass();
}
