// SPDX-License-Identifier: GPL-2.0
/* printf formatting, integers and floating point (exactly rounded operations only, so the
 * output is the same wherever IEEE arithmetic and glibc's printf run). */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42, 42);
	printf("[%x] [%X] [%#x] [%o] [%#o] [%u]\n", 48879u, 48879u, 48879u, 511u, 511u, UINT_MAX);
	printf("[%ld] [%lld] [%" PRId64 "] [%" PRIu64 "]\n", LONG_MIN, LLONG_MAX, INT64_MIN,
	       UINT64_MAX);
	printf("[%hhd] [%hd] [%zu] [%td]\n", (signed char)-129, (short)70000, sizeof(long double),
	       (ptrdiff_t)-3);
	printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%]\n", "str", "right", "left", "truncate", 'c');
	double d[] = {0.0,	  -0.0,	  1.0,		 0.1,	  1.0 / 3, 2.0 / 3,
		      1e300,	  1e-300, 123456789.125, DBL_MAX, DBL_MIN, DBL_TRUE_MIN,
		      5e-324 * 3, 0.5,	  2.5,		 -2.5,	  1e21,	   1e22};
	for (unsigned i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		printf("%u: [%f] [%.0f] [%.17g] [%e] [%.3e] [%g] [%a] [%10.4f]\n", i, d[i], d[i],
		       d[i], d[i], d[i], d[i], d[i], d[i]);
	printf("[%f] [%f] [%f] [%e]\n", INFINITY, -INFINITY, NAN, -HUGE_VAL);
	float f = 16777217.0f, g = 0.1f;
	printf("[%.10f] [%.20f] [%a]\n", (double)f, (double)g, (double)g);
	long double l = 1.0L / 3, m = LDBL_MAX;
	printf("[%.25Lf] [%Lg] [%La] [%Le]\n", l, m, l, LDBL_MIN);
	/* Exactly rounded arithmetic and conversions. */
	volatile double a = 1e16, b = 1.0, c = 3.0;
	printf("[%.17g] [%.17g] [%.17g] [%.17g]\n", a + b, b / c, sqrt(2.0), fma(b / c, c, -b));
	printf("[%.17g] [%.17g] [%lld] [%.9g]\n", strtod("0.1e-5", NULL), strtod("1e400", NULL),
	       (long long)-2.9, (double)(float)(b / c));
	volatile float x = 1.0f, y = 3.0f;
	printf("[%.9g] [%.9g] [%d]\n", (double)(x / y), (double)sqrtf(2.0f), (int)(x / y * 1e9f));
	char buf[64];
	int n = snprintf(buf, 8, "%s-%d", "abcdefgh", 123);
	printf("[%s] %d\n", buf, n);
	printf("[%*d] [%-*d] [%.*f]\n", 6, 7, 6, 7, 3, 3.14159265);
	return 0;
}
