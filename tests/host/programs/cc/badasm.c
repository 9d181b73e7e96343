int main(void)
{
	int eax = 0;

	asm volatile("cpuid" : "=a"(eax) : "a"(0) : "ebx", "ecx", "edx");
	return eax;
}
