#include "ops_test.h"
void ops_backup(void)
{
}
