/* hello_ok.c - an innocent process that runs beside a crashing one. */
#include <stdio.h>
int main(void) { printf("innocent process finished\n"); return 0; }
