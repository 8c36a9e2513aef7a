/* OpenBLAS's SGEMM on the runner's shapes, printed in the runner's key=value form.
   Built and run by benchmarks/run-peers.sh: cc -O2 sgemm.c -lopenblas; ./sgemm REPETITIONS */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int compare(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
  int repetitions = argc > 1 ? atoi(argv[1]) : 15;
  int shapes[][3] = {{512, 512, 512}, {64, 784, 128}, {128, 784, 512}, {128, 512, 512}};
  int threads[] = {1, 2};
  for (int t = 0; t < 2; t++) {
    openblas_set_num_threads(threads[t]);
    for (int s = 0; s < 4; s++) {
      int m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
      float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = calloc((size_t)m * n, sizeof(float));
      for (int i = 0; i < m * k; i++) a[i] = (float)rand() / RAND_MAX;
      for (int i = 0; i < k * n; i++) b[i] = (float)rand() / RAND_MAX;
      double start = now(); int calls = 0;
      while (now() - start < 0.2 || calls < 10) { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 1, c, n); calls++; }
      int per = (int)(0.05 / ((now() - start) / calls)); if (per < 1) per = 1;
      double *times = malloc(sizeof(double) * repetitions);
      for (int r = 0; r < repetitions; r++) {
        double t0 = now();
        for (int i = 0; i < per; i++) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 1, c, n);
        times[r] = (now() - t0) * 1e6 / per;
      }
      qsort(times, repetitions, sizeof(double), compare);
      double us = times[repetitions / 2];
      printf("workload=sgemm impl=openblas threads=%d shape=%dx%dx%d us_per_call=%.2f gflops=%.1f\n", threads[t], m, k, n, us, 2.0 * m * k * n / us / 1e3);
      free(a); free(b); free(c); free(times);
    }
  }
  printf("# openblas core: %s\n", openblas_get_corename());
  return 0;
}
