#include "domain/bsn.h"

bool bsn_is_valid(const char *s)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        int digit = s[i] - '0';
        sum += i < 8 ? (9 - i) * digit : -digit;
    }
    return s[9] == '\0' && sum != 0 && sum % 11 == 0;
}
