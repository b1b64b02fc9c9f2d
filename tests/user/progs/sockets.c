// SPDX-License-Identifier: GPL-2.0
/* Sockets and readiness: a UNIX stream server and a forked client, socketpair with a
 * descriptor passed by SCM_RIGHTS, poll, select, epoll (whose event structure differs
 * between ia64 and x86_64), socket options and names. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void server_client(const char *dir)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	snprintf(a.sun_path, sizeof(a.sun_path), "%s/sock", dir);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 4) != 0) {
		printf("bind/listen failed: %s\n", strerror(errno));
		return;
	}
	fflush(stdout);
	pid_t k = fork();
	if (k == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, sizeof(a)) != 0)
			_exit(1);
		const char *msg = "hello over a unix socket";
		send(c, msg, strlen(msg), 0);
		char b[64] = {0};
		ssize_t n = recv(c, b, sizeof(b) - 1, 0);
		_exit(n == 5 && strcmp(b, "reply") == 0 ? 0 : 2);
	}
	struct sockaddr_un peer;
	socklen_t len = sizeof(peer);
	int c = accept(s, (struct sockaddr *)&peer, &len);
	char b[64] = {0};
	ssize_t n = recv(c, b, 24, MSG_WAITALL);
	printf("server got %zd [%s], peer family %d\n", n, b, peer.sun_family);
	send(c, "reply", 5, 0);
	int st;
	waitpid(k, &st, 0);
	printf("client status %d\n", WEXITSTATUS(st));
	struct sockaddr_un me;
	len = sizeof(me);
	getsockname(s, (struct sockaddr *)&me, &len);
	printf("getsockname ends with /sock: %d\n",
	       strcmp(me.sun_path + strlen(me.sun_path) - 5, "/sock") == 0);
	int type = 0;
	len = sizeof(type);
	getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len);
	printf("SO_TYPE %d len %u\n", type, len);
	close(c);
	close(s);
}

static void pass_fd(void)
{
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	int p[2];
	pipe(p);
	write(p[1], "through the passed fd", 21);
	char data = 'x';
	struct iovec iov = {&data, 1};
	char cbuf[CMSG_SPACE(sizeof(int))];
	memset(cbuf, 0, sizeof(cbuf));
	struct msghdr m = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
	ssize_t n = sendmsg(sv[0], &m, 0);
	close(p[0]);
	char rdata = 0;
	struct iovec riov = {&rdata, 1};
	char rcbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr rm = {.msg_iov = &riov,
			    .msg_iovlen = 1,
			    .msg_control = rcbuf,
			    .msg_controllen = sizeof(rcbuf)};
	ssize_t r = recvmsg(sv[1], &rm, 0);
	int fd = -1;
	struct cmsghdr *rc = CMSG_FIRSTHDR(&rm);
	if (rc && rc->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(rc), sizeof(int));
	char b[32] = {0};
	read(fd, b, 21);
	printf("sendmsg %zd recvmsg %zd data %c controllen %zu: [%s]\n", n, r, rdata,
	       (size_t)rm.msg_controllen, b);
	close(fd);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void readiness(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	write(q[1], "!", 1);
	struct pollfd pf[3] = {{p[0], POLLIN, 0}, {q[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
	int n = poll(pf, 3, 100);
	printf("poll %d: %x %x %x\n", n, pf[0].revents, pf[1].revents, pf[2].revents);
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	FD_SET(q[0], &rs);
	struct timeval tv = {0, 100000};
	n = select(q[0] + 1, &rs, NULL, NULL, &tv);
	printf("select %d: p %d q %d\n", n, FD_ISSET(p[0], &rs), FD_ISSET(q[0], &rs));
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
	epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev);
	ev.data.u64 = 42;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	struct epoll_event out[4];
	memset(out, 0, sizeof(out));
	n = epoll_wait(ep, out, 4, 100);
	printf("epoll %d: events %x data %llx\n", n, out[0].events,
	       (unsigned long long)out[0].data.u64);
	write(p[1], "x", 1);
	n = epoll_wait(ep, out, 4, 100);
	unsigned long long sum = 0;
	for (int i = 0; i < n; i++)
		sum += out[i].data.u64;
	printf("epoll %d: data sum %llx\n", n, sum);
	n = epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	printf("add twice: %d %s\n", n, strerror(errno));
	close(ep);
	int fl = fcntl(p[0], F_GETFL);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	char b[4];
	read(p[0], b, 4);
	ssize_t r = read(p[0], b, 4);
	printf("nonblocking empty read %zd %s\n", r, strerror(errno));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	char tmpl[] = "/tmp/lolsockXXXXXX";
	const char *dir = argc > 1 ? argv[1] : mkdtemp(tmpl);
	server_client(dir);
	pass_fd();
	readiness();
	if (argc < 2) {
		char path[300];
		snprintf(path, sizeof(path), "%s/sock", dir);
		unlink(path);
		rmdir(dir);
	}
	return 0;
}
