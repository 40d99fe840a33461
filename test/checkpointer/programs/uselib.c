/* uselib.c - a program linked to libzdtmlib.so (zdtmlib.c), otherwise a zdtm program. */
#include "zdtm.h"

int zdtm_library_value(void);

int main(void)
{
    zdtm_ready();
    zdtm_wait_check();
    ZDTM_CHECK(zdtm_library_value() == 42, "library call failed");
    zdtm_pass();
}
