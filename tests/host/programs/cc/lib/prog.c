#include <stdio.h>
#include "../config.h"
#include <shared.h>
#ifndef X
#define X 0
#endif
int main(void)
{
	printf("%s, shared %d, X=%d, line %d\n", CONFIG_GREETING, SHARED_VALUE, X, __LINE__);
	return 0;
}
