/* h_monitor.h - the handlers of monitoring: the progress report, the
 * programme's measures and the regions (routes_monitor.c lists them). */
#ifndef SG_H_MONITOR_H
#define SG_H_MONITOR_H

#include "http/http.h"

int h_progress_report(app *a, http_req *req, http_res *res);
int h_measures(app *a, http_req *req, http_res *res);
int h_regions(app *a, http_req *req, http_res *res);

#endif
