/*
** beian: the command-line entry point.
*/
#include <stdio.h>

int main(void) {
    printf("beian %s\n", BEIAN_VERSION);
    return 0;
}
