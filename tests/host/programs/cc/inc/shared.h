#include "../config.h"
#define SHARED_VALUE 7
