int two(void); int one(void) { return two() - 1; }
