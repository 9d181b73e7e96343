/* Two threads lock two mutexes in opposite orders and deadlock; main joins. */
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *one(void *arg) { pthread_mutex_lock(&a); usleep(1000); pthread_mutex_lock(&b); return arg; }
static void *two(void *arg) { pthread_mutex_lock(&b); usleep(1000); pthread_mutex_lock(&a); return arg; }

int main(void)
{
	pthread_t t1, t2;
	pthread_create(&t1, NULL, one, NULL);
	pthread_create(&t2, NULL, two, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	return 0;
}
