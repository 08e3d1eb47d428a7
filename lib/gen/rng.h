/*
** rng.h — the generator's own deterministic PRNG (xoshiro256** seeded with
** splitmix64).  Never rand(): the same seed gives the same bytes on every
** platform and libc.
*/
#ifndef EJ_GEN_RNG_H
#define EJ_GEN_RNG_H

#include <stdint.h>

struct ej_rng {
	uint64_t s[4];
};

/* One splitmix64 step: advances *state and returns the next output. */
uint64_t ej_splitmix64(uint64_t *state);
/* Seed from a 64-bit value (any value, 0 included). */
void ej_rng_seed(struct ej_rng *r, uint64_t seed);
/* Seed a sub-stream from a seed and two labels, so that parts of the
** generation do not shift each other when one changes. */
void ej_rng_derive(struct ej_rng *r, uint64_t seed, uint64_t a, uint64_t b);
uint64_t ej_rng_next(struct ej_rng *r);
/* Uniform in [0, n); n = 0 gives 0.  Unbiased (rejection). */
uint32_t ej_rng_below(struct ej_rng *r, uint32_t n);
/* Uniform in [lo, hi] inclusive. */
int ej_rng_range(struct ej_rng *r, int lo, int hi);
/* Uniform double in [0, 1). */
double ej_rng_unit(struct ej_rng *r);
/* True with probability p. */
int ej_rng_chance(struct ej_rng *r, double p);

#endif
