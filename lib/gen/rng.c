/*
** rng.c — xoshiro256** (Blackman & Vigna) seeded through splitmix64.
*/
#include "gen/rng.h"

/* splitmix64: the recommended seeder for the xoshiro family. */
uint64_t ej_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fill the four words from splitmix64; never all zero. */
void ej_rng_seed(struct ej_rng *r, uint64_t seed)
{
	uint64_t st = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = ej_splitmix64(&st);
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1;
}

/* Mix the labels into the seed before seeding. */
void ej_rng_derive(struct ej_rng *r, uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t st = seed ^ 0x6a09e667f3bcc909ULL;
	uint64_t x = ej_splitmix64(&st);

	st = x ^ (a * 0x9e3779b97f4a7c15ULL);
	x = ej_splitmix64(&st);
	st = x ^ (b * 0xc2b2ae3d27d4eb4fULL);
	ej_rng_seed(r, ej_splitmix64(&st));
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** next output. */
uint64_t ej_rng_next(struct ej_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire-free simple rejection: discard the biased tail of 2^32. */
uint32_t ej_rng_below(struct ej_rng *r, uint32_t n)
{
	uint32_t x, lim;

	if (n == 0)
		return 0;
	lim = (uint32_t)(0x100000000ULL - (0x100000000ULL % n));
	do
		x = (uint32_t)(ej_rng_next(r) >> 32);
	while (lim != 0 && x >= lim);
	return x % n;
}

int ej_rng_range(struct ej_rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)ej_rng_below(r, (uint32_t)(hi - lo + 1));
}

double ej_rng_unit(struct ej_rng *r)
{
	return (double)(ej_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int ej_rng_chance(struct ej_rng *r, double p)
{
	return ej_rng_unit(r) < p;
}
