#include "ops_test.h"
void ops_rekey(void)
{
}
