// SPDX-License-Identifier: GPL-2.0
/* File I/O in the directory given as argv[1]: create, write, read, seek, stat, rename,
 * list (sorted), mmap a file, truncate, unlink, mkdir and rmdir. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) {
		printf("usage: fileio DIR\n");
		return 2;
	}
	int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	for (int i = 0; i < 1000; i++)
		dprintf(fd, "line %d of the file\n", i);
	close(fd);
	struct stat st;
	stat("a.txt", &st);
	printf("size %lld mode %o regular %d nlink %ld\n", (long long)st.st_size,
	       (unsigned)st.st_mode & 0777, S_ISREG(st.st_mode), (long)st.st_nlink);
	FILE *f = fopen("a.txt", "r");
	char line[128];
	int n = 0;
	long sum = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		sum += (long)strlen(line);
	}
	fseek(f, 19 * 10, SEEK_SET);
	fgets(line, sizeof(line), f);
	printf("lines %d bytes %ld, at 190: %s", n, sum, line);
	printf("ftell %ld\n", ftell(f));
	fclose(f);
	fd = open("a.txt", O_RDWR);
	lseek(fd, 5, SEEK_SET);
	write(fd, "LINE", 4);
	char b[16] = {0};
	pread(fd, b, 10, 0);
	printf("pread [%s] lseek end %lld\n", b, (long long)lseek(fd, 0, SEEK_END));
	char *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		printf("mmap failed %d\n", errno);
		return 1;
	}
	printf("mmap [%.14s] [%.20s]\n", m, m + st.st_size - 20);
	munmap(m, (size_t)st.st_size);
	ftruncate(fd, 100);
	fstat(fd, &st);
	printf("truncated %lld\n", (long long)st.st_size);
	close(fd);
	link("a.txt", "hard.txt");
	symlink("a.txt", "sym.txt");
	rename("a.txt", "b.txt");
	mkdir("sub", 0755);
	close(open("sub/inner", O_CREAT | O_WRONLY, 0600));
	char target[64] = {0};
	readlink("sym.txt", target, sizeof(target) - 1);
	int r = stat("sym.txt", &st);
	printf("readlink %s, stat via dangling link %d errno %s\n", target, r, strerror(errno));
	lstat("hard.txt", &st);
	printf("hard link nlink %ld size %lld\n", (long)st.st_nlink, (long long)st.st_size);
	DIR *dir = opendir(".");
	char *names[16];
	int k = 0;
	struct dirent *de;
	while ((de = readdir(dir)) && k < 16)
		names[k++] = strdup(de->d_name);
	closedir(dir);
	qsort(names, (size_t)k, sizeof(names[0]), cmp);
	for (int i = 0; i < k; i++)
		printf("%s%c", names[i], i == k - 1 ? '\n' : ' ');
	r = rmdir("sub");
	printf("rmdir non-empty %d %s\n", r, strerror(errno));
	unlink("sub/inner");
	int r1 = rmdir("sub"), r2 = unlink("b.txt"), r3 = unlink("hard.txt"),
	    r4 = unlink("sym.txt");
	printf("rmdir %d, unlink %d %d %d\n", r1, r2, r3, r4);
	r = open("missing", O_RDONLY);
	printf("open missing %d %s\n", r, strerror(errno));
	r1 = access(".", W_OK);
	r2 = access("missing", F_OK);
	printf("access %d %d\n", r1, r2);
	char cwd[4096], real[4096];
	printf("getcwd is the directory: %d\n",
	       getcwd(cwd, sizeof(cwd)) && realpath(argv[1], real) && strcmp(cwd, real) == 0);
	return 0;
}
