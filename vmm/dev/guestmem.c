// SPDX-License-Identifier: GPL-2.0
/*
 * Guest-physical memory as the devices see it: every address comes from the
 * guest, so every range is checked with the monitor's gpa_ptr first.
 */
#include <string.h>

#include "dev-priv.h"

void *gmem_ptr(struct devices *d, uint64_t gpa, uint64_t len)
{
	if (len == 0)
		len = 1; /* an empty range still has to be somewhere */
	if (gpa + len < gpa)
		return NULL;
	return d->host.gpa_ptr(d->host.ctx, gpa, len);
}

bool gmem_read(struct devices *d, uint64_t gpa, void *buf, size_t len)
{
	const void *p = gmem_ptr(d, gpa, len);

	if (!p)
		return false;
	memcpy(buf, p, len);
	return true;
}

bool gmem_write(struct devices *d, uint64_t gpa, const void *buf, size_t len)
{
	void *p = gmem_ptr(d, gpa, len);

	if (!p)
		return false;
	memcpy(p, buf, len);
	return true;
}

bool gmem_read_str(struct devices *d, uint64_t gpa, char *buf, size_t max)
{
	size_t i = 0;

	/* page-sized steps, so a string that ends just before a hole in
	 * guest RAM is still read */
	while (i < max) {
		uint64_t a = gpa + i;
		size_t chunk = 4096 - (size_t)(a & 4095);
		const char *p, *nul;

		if (a < gpa)
			return false;
		if (chunk > max - i)
			chunk = max - i;
		p = gmem_ptr(d, a, chunk);
		if (!p) {
			/* RAM may end inside the page: go byte by byte */
			p = gmem_ptr(d, a, 1);
			if (!p)
				return false;
			chunk = 1;
		}
		nul = memchr(p, 0, chunk);
		if (nul) {
			memcpy(buf + i, p, (size_t)(nul - p) + 1);
			return true;
		}
		memcpy(buf + i, p, chunk);
		i += chunk;
	}
	return false;
}

void dev_printable(const char *s, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!outsz)
		return;
	for (; *s && o + 5 < outsz; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (*s && o + 3 < outsz) {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = 0;
}
