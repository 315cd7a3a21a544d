/* fuzz_sendmail_cf.c -- the sendmail.cf reader (cf_parse) and what reads its result. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sendmail_cf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sendmail_cf *cf;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	cf = cf_parse((const char *)data, size, "/etc/mail/sendmail.cf");
	(void)cf_prog_is_smrsh(cf);
	cf_free(cf);
	return 0;
}
