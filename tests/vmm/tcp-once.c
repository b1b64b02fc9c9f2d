// SPDX-License-Identifier: GPL-2.0
/*
 * tcp-once: the host side of the guest network test.  Listens on
 * 127.0.0.1 (a free port, printed on stdout), answers every connection with
 * a short HTTP reply (so both "nc" and "wget" in the guest can use it), and
 * exits 0 after the first client or 1 after TIMEOUT seconds without one.
 *
 *   tcp-once [TIMEOUT] [PORTFILE]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int timeout = argc > 1 ? atoi(argv[1]) : 300;
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 4) ||
	    getsockname(s, (struct sockaddr *)&a, &len)) {
		perror("tcp-once");
		return 2;
	}
	FILE *pf = argc > 2 ? fopen(argv[2], "w") : stdout;
	if (!pf) {
		perror(argv[2]);
		return 2;
	}
	fprintf(pf, "%d\n", ntohs(a.sin_port));
	fclose(pf);
	struct pollfd p = {.fd = s, .events = POLLIN};
	if (poll(&p, 1, timeout * 1000) != 1)
		return 1;
	int c = accept(s, NULL, NULL);
	if (c < 0)
		return 1;
	char buf[512];
	struct pollfd q = {.fd = c, .events = POLLIN};
	if (poll(&q, 1, 5000) == 1)
		(void)!read(c, buf, sizeof(buf));
	const char *reply = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello-from-host\n";
	(void)!write(c, reply, strlen(reply));
	close(c);
	return 0;
}
