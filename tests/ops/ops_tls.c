#include "ops_test.h"
void ops_tls(void)
{
}
