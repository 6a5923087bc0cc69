/* Shared by the files of service/oversight/ and nothing else.  roles.c,
 * people.c and overrides.c each stand alone; they share only the page
 * size below. */
#ifndef SG_OVERSIGHT_INT_H
#define SG_OVERSIGHT_INT_H

#include "service/oversight/oversight.h"

/* The most rows one page reads, whatever page_max is configured. */
#define OVERSIGHT_PAGE_MAX 100

#endif
