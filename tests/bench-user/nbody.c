// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark workload "fp": a gravitational n-body simulation (16 bodies,
 * symplectic Euler steps, total energy before and after) and a dense double
 * matrix multiply.  Prints the energies and a checksum of the product.
 * Built with -ffp-contract=off on both hosts so that no fused multiply-add
 * makes the two outputs differ: every operation is IEEE double as written.
 *
 *   nbody [SCALE]   SCALE (default 1) multiplies the steps (10,000) and the 100x100 products (2)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 16

struct body {
	double x, y, z, vx, vy, vz, m;
};

static unsigned long long seed = 88172645463325252ull;
static double urand(void) /* [0, 1) with 53 random bits */
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (double)(seed >> 11) * (1.0 / 9007199254740992.0);
}

static double energy(const struct body *b)
{
	double e = 0;
	for (int i = 0; i < NB; i++) {
		e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
		for (int j = i + 1; j < NB; j++) {
			double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
			e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
		}
	}
	return e;
}

static void step(struct body *b, double dt)
{
	for (int i = 0; i < NB; i++) {
		for (int j = i + 1; j < NB; j++) {
			double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
			double d2 = dx * dx + dy * dy + dz * dz + 1e-4; /* softened */
			double mag = dt / (d2 * sqrt(d2));
			b[i].vx -= dx * b[j].m * mag; b[i].vy -= dy * b[j].m * mag; b[i].vz -= dz * b[j].m * mag;
			b[j].vx += dx * b[i].m * mag; b[j].vy += dy * b[i].m * mag; b[j].vz += dz * b[i].m * mag;
		}
	}
	for (int i = 0; i < NB; i++) {
		b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz;
	}
}

static void matmul(int n, const double *a, const double *b, double *c)
{
	for (int i = 0; i < n * n; i++) c[i] = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++) {
			double aik = a[i * n + k];
			for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
		}
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	if (scale < 1) scale = 1;
	struct body b[NB];
	/* a heavy central body and lighter ones on roughly circular orbits */
	b[0] = (struct body){ 0, 0, 0, 0, 0, 0, 1000.0 };
	for (int i = 1; i < NB; i++) {
		/* a direction in the plane by rejection: only + - * / and sqrt, which IEEE
		 * rounds exactly on every host (libm's sin/cos need not agree to the bit) */
		double u, w, l;
		do {
			u = 2.0 * urand() - 1.0;
			w = 2.0 * urand() - 1.0;
			l = u * u + w * w;
		} while (l > 1.0 || l < 0.01);
		l = sqrt(l);
		u /= l; w /= l;
		double r = 5.0 + 40.0 * urand(), v = sqrt(1000.0 / r);
		b[i].x = r * u; b[i].y = r * w; b[i].z = 0.5 * (urand() - 0.5);
		b[i].vx = -v * w; b[i].vy = v * u; b[i].vz = 0.01 * (urand() - 0.5);
		b[i].m = 0.01 + urand();
	}
	printf("energy before %.12e\n", energy(b));
	for (long s = 0; s < 10000L * scale; s++) step(b, 0.0005);
	printf("energy after  %.12e\n", energy(b));
	printf("body 1 at %.9e %.9e %.9e\n", b[1].x, b[1].y, b[1].z);

	int n = 100;
	double *ma = malloc(sizeof(double) * n * n), *mb = malloc(sizeof(double) * n * n),
	       *mc = malloc(sizeof(double) * n * n);
	if (!ma || !mb || !mc) { fprintf(stderr, "nbody: out of memory\n"); return 2; }
	for (int i = 0; i < n * n; i++) { ma[i] = urand() - 0.5; mb[i] = urand() * 2.0 - 1.0; }
	double sum = 0;
	for (int r = 0; r < 2 * scale; r++) {
		matmul(n, ma, mb, mc);
		for (int i = 0; i < n * n; i++) { sum += mc[i] * (double)(i % 7 + 1); ma[i] = mc[i] / 16.0; }
	}
	printf("matrix checksum %.12e\n", sum);
	free(ma); free(mb); free(mc);
	return 0;
}
