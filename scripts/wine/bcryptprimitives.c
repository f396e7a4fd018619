/* Test-only stand-in for Windows 10/11's bcryptprimitives.dll, installed by
 * scripts/release_check.sh into its own Wine prefix. Rust's standard
 * library gets random bytes from ProcessPrng, which Wine 8 does not have;
 * this hands the call to RtlGenRandom (advapi32's SystemFunction036), the
 * generator Windows itself offered before. Never shipped to officers. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
