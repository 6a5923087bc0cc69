/*
 * ops_tls.c - HTTPS without a reverse proxy: serve --tls-cert --tls-key
 * with a self-signed certificate made here by openssl.  The server answers
 * over TLS (checked against that certificate), sends HSTS and marks its
 * session cookie Secure, and does not answer plain HTTP on that port.  A
 * certificate without its key is a usage error, and a key anyone may read
 * is refused.  Skipped, saying why, where openssl is missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops_test.h"

void ops_tls(void)
{
    if (access("/usr/bin/openssl", X_OK) != 0) {
        ops_skip("HTTPS: /usr/bin/openssl is missing (scripts/install-deps installs it)");
        return;
    }
    ops_check(ops_fresh_database("tls"), "a fresh database with the demo data");
    char *cert = ops_path("cert.pem"), *key = ops_path("key.pem"), *log = ops_path("openssl.log");
    unlink(cert);
    unlink(key);
    char *make[] = {"/usr/bin/openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                    "-nodes",
                    "-keyout",
                    key,
                    "-out",
                    cert,
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    NULL};
    ops_check(ops_run(make, log) == 0 && chmod(key, 0600) == 0,
              "a self-signed certificate for 127.0.0.1, made with openssl");
    snprintf(ops_ca, sizeof ops_ca, "%s", cert);
    const char *tls[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    ops_server sv;
    bool up = ops_server_start(&sv, tls, NULL);
    ops_check(up, "serve --tls-cert --tls-key: the health check answers over HTTPS, the"
                  " certificate verified");
    ops_answer a;
    ops_http(sv.port, true, "GET", "/api/v1/openapi.json", NULL, NULL, &a);
    ops_check(a.status == 200 && strstr(a.hsts, "max-age=") != NULL,
              "answers carry Strict-Transport-Security (%s)", a.hsts);
    ops_answer_clear(&a);
    ops_http(sv.port, true, "POST", "/api/v1/session", NULL,
             "{\"login\":\"zorg.a\",\"password\":\"signaal-demo-2026\"}", &a);
    ops_check((a.status == 200 || a.status == 201) && strstr(a.set_cookie, "; Secure") != NULL
                  && strstr(a.set_cookie, "HttpOnly") != NULL,
              "the session cookie is Secure and HttpOnly over HTTPS (%ld)", a.status);
    ops_answer_clear(&a);
    ops_ca[0] = '\0';
    bool plain = ops_http(sv.port, false, "GET", "/healthz", NULL, NULL, &a) && a.status == 200;
    ops_answer_clear(&a);
    ops_check(!plain, "plain HTTP on the HTTPS port gets no answer");
    snprintf(ops_ca, sizeof ops_ca, "%s", cert);
    ops_check(up && ops_server_stop(&sv), "the server exits with status 0");
    ops_ca[0] = '\0';

    const char *half[] = {"serve",       "--db",       ops_db, "--listen",
                          "127.0.0.1:0", "--tls-cert", cert,   NULL};
    ops_check(ops_signaal(half, NULL) == 2, "--tls-cert without --tls-key is a usage error");
    chmod(key, 0644);
    const char *open_key[] = {"serve",      "--db", ops_db,      "--listen", "127.0.0.1:0",
                              "--tls-cert", cert,   "--tls-key", key,        NULL};
    char *cli_log = ops_path("cli.log");
    ops_check(ops_signaal(open_key, NULL) == 1
                  && ops_file_contains(cli_log, "may be read by anyone", 21),
              "a TLS key anyone may read is refused, saying so");
    free(cli_log);
    free(cert);
    free(key);
    free(log);
}
