/* Resource limits (getrlimit/setrlimit/prlimit over prlimit64), getrusage, prctl names,
 * clock_getres and Linux's clock ids, uname: the calls and errno rules LTP's library relies on.
 * Only values that do not depend on the machine are printed (the recorder sets the soft
 * RLIMIT_NOFILE to 1024; hard limits vary). */
#include "common.h"
#include <sys/resource.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/utsname.h>

int main(void)
{
	struct rlimit r, old;
	struct rusage ru;
	char name[32];
	struct timespec ts;

	SECTION("getrlimit");
	CHECK(getrlimit(RLIMIT_NOFILE, &old));
	printf("nofile cur %llu, cur <= max %d\n", (unsigned long long)old.rlim_cur, old.rlim_cur <= old.rlim_max);
	CHECK(getrlimit(RLIMIT_NLIMITS, &r));
	CHECK(getrlimit(-1, &r));
	CHECK(getrlimit(RLIMIT_CPU, &r));
	printf("cpu cur infinite %d\n", r.rlim_cur == RLIM_INFINITY);

	SECTION("setrlimit");
	r = old;
	r.rlim_cur = 100;
	CHECK(setrlimit(RLIMIT_NOFILE, &r));
	CHECK(getrlimit(RLIMIT_NOFILE, &r));
	printf("nofile cur %llu\n", (unsigned long long)r.rlim_cur);
	r.rlim_cur = r.rlim_max + 1;
	CHECK(setrlimit(RLIMIT_NOFILE, &r)); /* cur > max */
	struct rlimit64 big = { 10, 1ULL << 40 };
	CHECK(setrlimit64(RLIMIT_NOFILE, &big)); /* above nr_open */
	r = old;
	CHECK(setrlimit(RLIMIT_NLIMITS, &r));

	SECTION("prlimit");
	struct rlimit n = { 200, old.rlim_max };
	CHECK(prlimit(0, RLIMIT_NOFILE, &n, &r));
	printf("old cur %llu\n", (unsigned long long)r.rlim_cur);
	CHECK(prlimit(getpid(), RLIMIT_NOFILE, 0, &r));
	printf("cur %llu\n", (unsigned long long)r.rlim_cur);
	CHECK(prlimit(0x7ffffff0, RLIMIT_NOFILE, 0, &r));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		getrlimit(RLIMIT_NOFILE, &r);
		printf("child: nofile cur %llu\n", (unsigned long long)r.rlim_cur);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, 0, 0);
	CHECK(setrlimit(RLIMIT_NOFILE, &old));

	SECTION("getrusage");
	CHECK(getrusage(RUSAGE_SELF, &ru));
	CHECK(getrusage(RUSAGE_CHILDREN, &ru));
	CHECK(getrusage(RUSAGE_THREAD, &ru));
	CHECK(getrusage(5, &ru));
	CHECK(getrusage(-2, &ru)); /* RUSAGE_BOTH is kernel-internal */

	SECTION("prctl");
	CHECK(prctl(PR_SET_NAME, "resource-test-long-name", 0, 0, 0));
	memset(name, 'x', sizeof name);
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0));
	printf("name \"%s\" (%zu)\n", name, strlen(name));
	CHECK(prctl(PR_SET_NAME, "short", 0, 0, 0));
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0));
	printf("name \"%s\"\n", name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		prctl(PR_GET_NAME, name, 0, 0, 0);
		printf("child: name \"%s\"\n", name);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, 0, 0);
	CHECK(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	CHECK(prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
	CHECK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	CHECK(prctl(0x7fff, 0, 0, 0, 0));

	SECTION("clocks");
	CHECK(clock_getres(CLOCK_MONOTONIC, &ts));
	printf("monotonic res %lld.%09ld\n", (long long)ts.tv_sec, (long)ts.tv_nsec);
	CHECK(clock_getres(CLOCK_REALTIME, &ts));
	printf("realtime res %lld.%09ld\n", (long long)ts.tv_sec, (long)ts.tv_nsec);
	CHECK(clock_getres(CLOCK_MONOTONIC, 0));
	CHECK(clock_getres(100, &ts));
	CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts));
	CHECK(clock_gettime(CLOCK_BOOTTIME, &ts));
	CHECK(clock_gettime(100, &ts));

	SECTION("uname");
	struct utsname u;
	CHECK(uname(&u));
	printf("sysname %s, release starts with a digit %d\n", u.sysname, u.release[0] >= '0' && u.release[0] <= '9');
	return 0;
}
