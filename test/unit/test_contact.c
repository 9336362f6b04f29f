/*-------------------------------------------------------------------------
 *
 * test_contact.c
 *		Unit tests for the contact normalizers (src/core/email.c, phone.c,
 *		handle.c).
 *
 * Table-driven cases with expected results and, for some, the expected
 * reason; every byte value alone and inside a valid value; malformed UTF-8
 * anywhere; 1 MB inputs in bounded time; output buffers one byte too small;
 * and properties on every valid case and on random inputs: the result is
 * valid UTF-8 within capacity, has the documented shape, and normalizing it
 * again gives it back.
 *
 * test/unit/test_contact.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <time.h>

#include "email.h"
#include "handle.h"
#include "phone.h"
#include "utf8.h"
#include "unit.h"

#define OUTCAP 512

/* how long one call on a 1 MB input may take, sanitizers included */
#define MB_SECONDS 2.0

typedef struct email_case
{
	const char *in;
	ambc_status st;
	const char *out;			/* expected result when st == AMBC_OK */
	const char *reason;			/* expected reason, or NULL not to check */
} email_case;

typedef struct phone_case
{
	const char *in;
	const char *country;
	ambc_status st;
	const char *out;
	const char *reason;
} phone_case;

typedef struct handle_case
{
	const char *in;
	ambc_status st;
	const char *out;
	const char *reason;
} handle_case;

#define L64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define L63 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static const email_case email_cases[] = {
	/* the brief's examples */
	{" Bob.Smith+etsy@GMAIL.com ", AMBC_OK, "bobsmith@gmail.com", NULL},
	{"mailto:Jane.Doe@Example.COM", AMBC_OK, "jane.doe@example.com", NULL},
	{"a.b+x@googlemail.com", AMBC_OK, "ab@gmail.com", NULL},
	{"x+y@outlook.com", AMBC_OK, "x@outlook.com", NULL},
	{"not-an-email", AMBC_INVALID, NULL, "it has no \"@\""},
	{"a@b", AMBC_INVALID, NULL, "the domain has no dot"},
	{"@x.com", AMBC_INVALID, NULL, "the local part is empty"},
	{"a@@b.com", AMBC_INVALID, NULL, "it has more than one \"@\""},
	{"a b@c.com", AMBC_INVALID, NULL, "it contains white space"},
	/* wrappers */
	{"MAILTO:bob@example.com", AMBC_OK, "bob@example.com", NULL},
	{"Bob Smith <Bob@Example.com>", AMBC_OK, "bob@example.com", NULL},
	{"\"Smith, Bob\" <bob.smith@example.co.uk>", AMBC_OK,
	"bob.smith@example.co.uk", NULL},
	{"\"bob@old.example\" < bob@example.com >", AMBC_OK, "bob@example.com",
	NULL},
	{"<bob@example.com>", AMBC_OK, "bob@example.com", NULL},
	{"<mailto:bob@example.com>", AMBC_OK, "bob@example.com", NULL},
	{"mailto:bob@example.com?subject=Hello", AMBC_OK, "bob@example.com",
	NULL},
	{"\t bob@example.com \r\n", AMBC_OK, "bob@example.com", NULL},
	{"\xC2\xA0" "bob@example.com\xE3\x80\x80", AMBC_OK, "bob@example.com",
	NULL},							/* NBSP, ideographic space */
	{"\xEF\xBB\xBF" "bob@example.com\xE2\x80\x8B", AMBC_OK, "bob@example.com",
	NULL},							/* BOM, zero width space */
	{"bob@example.com.", AMBC_OK, "bob@example.com", NULL},
	/* local parts */
	{"o'brien@example.ie", AMBC_OK, "o'brien@example.ie", NULL},
	{"A!#$%&'*-/=?^_`{|}~@example.com", AMBC_OK,
	"a!#$%&'*-/=?^_`{|}~@example.com", NULL},
	{"first.last@sub.domain.example.org", AMBC_OK,
	"first.last@sub.domain.example.org", NULL},
	{"bob+@example.com", AMBC_OK, "bob@example.com", NULL},
	{"bob+a+b@example.com", AMBC_OK, "bob@example.com", NULL},
	{"B.O.B@GMail.Com", AMBC_OK, "bob@gmail.com", NULL},
	{"b.o.b+spam@gmail.com.", AMBC_OK, "bob@gmail.com", NULL},
	{"1234@example.com", AMBC_OK, "1234@example.com", NULL},
	{L64 "@example.com", AMBC_OK, L64 "@example.com", NULL},
	{"jos\xC3\xA9@b\xC3\xBC" "cher.de", AMBC_OK,
	"jos\xC3\xA9@b\xC3\xBC" "cher.de", NULL},	/* josé@bücher.de */
	{"JOS\xC3\x89@EXAMPLE.COM", AMBC_OK, "jos\xC3\x89@example.com", NULL},
	{"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80@"
		"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80.\xD1\x80\xD1\x84",
		AMBC_OK,
		"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80@"
	"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80.\xD1\x80\xD1\x84", NULL},
	/* domains */
	{"user@xn--bcher-kva.example", AMBC_OK, "user@xn--bcher-kva.example",
	NULL},
	{"user@My-Domain.Example.COM", AMBC_OK, "user@my-domain.example.com",
	NULL},
	{"a@b.co", AMBC_OK, "a@b.co", NULL},
	{"user@123.example.com", AMBC_OK, "user@123.example.com", NULL},
	{"user@example.c0m", AMBC_OK, "user@example.c0m", NULL},
	{"user@" L63 ".com", AMBC_OK, "user@" L63 ".com", NULL},
	/* rejected */
	{"", AMBC_EMPTY, NULL, "it is empty"},
	{" \t\r\n", AMBC_EMPTY, NULL, "it is empty"},
	{"a@", AMBC_INVALID, NULL, "the domain is empty"},
	{"a@.", AMBC_INVALID, NULL, "the domain is empty"},
	{".bob@example.com", AMBC_INVALID, NULL,
	"the local part starts with a dot"},
	{"bob.@example.com", AMBC_INVALID, NULL, "the local part ends with a dot"},
	{"bo..b@example.com", AMBC_INVALID, NULL,
	"the local part has two dots in a row"},
	{"+tag@example.com", AMBC_INVALID, NULL,
	"the local part has nothing before \"+\""},
	{"bob.+tag@example.com", AMBC_INVALID, NULL,
	"the local part has a dot before \"+\""},
	{"\"bob\"@example.com", AMBC_INVALID, NULL,
	"quoted local parts are not supported"},
	{"bob(comment)@example.com", AMBC_INVALID, NULL,
	"the local part has a character that is not allowed"},
	{"bob,jim@example.com", AMBC_INVALID, NULL, NULL},
	{"bob@-example.com", AMBC_INVALID, NULL,
	"a domain label starts or ends with a hyphen"},
	{"bob@example-.com", AMBC_INVALID, NULL,
	"a domain label starts or ends with a hyphen"},
	{"bob@example..com", AMBC_INVALID, NULL,
	"the domain has two dots in a row"},
	{"bob@.example.com", AMBC_INVALID, NULL, "the domain starts with a dot"},
	{"bob@example.com..", AMBC_INVALID, NULL, NULL},
	{"bob@1.2.3.4", AMBC_INVALID, NULL, "the top-level domain is all digits"},
	{"bob@[1.2.3.4]", AMBC_INVALID, NULL,
	"the domain has a character that is not allowed"},
	{"bob@exa_mple.com", AMBC_INVALID, NULL,
	"the domain has a character that is not allowed"},
	{"bob@exam\xE2\x82\xAC" "ple.com", AMBC_INVALID, NULL,
	"the domain has a character that is not allowed"},	/* euro sign */
	{"bob\x01@example.com", AMBC_INVALID, NULL,
	"it contains a control character"},
	{"bob\x7F@example.com", AMBC_INVALID, NULL,
	"it contains a control character"},
	{"bob\xC2\x85x@example.com", AMBC_INVALID, NULL,
	"it contains white space"},		/* NEL */
	{"bob@exam ple.com", AMBC_INVALID, NULL, "it contains white space"},
	{"bob\xE2\x80\x8B@example.com", AMBC_INVALID, NULL,
	"it contains an invisible formatting character"},
	{"mailto:", AMBC_INVALID, NULL, "it has no \"@\""},
	{"Bob <>", AMBC_INVALID, NULL, "it has no \"@\""},
	{"Bob <bob@example.com", AMBC_INVALID, NULL, NULL},
	{"bob@example.com (Bob)", AMBC_INVALID, NULL, NULL},
	{"bob\xEF\xBC\xA0" "example.com", AMBC_INVALID, NULL, "it has no \"@\""},
	{L64 "a@example.com", AMBC_INVALID, NULL,
	"the local part is longer than 64 bytes"},
	{"a@" L63 "x.com", AMBC_INVALID, NULL,
	"a domain label is longer than 63 bytes"},
	{"a@" L63 "." L63 "." L63 "." L63 ".com", AMBC_INVALID, NULL,
	"it is longer than 254 bytes"},
	{"a@b.c-", AMBC_INVALID, NULL,
	"a domain label starts or ends with a hyphen"},
	{"\x80", AMBC_BAD_UTF8, NULL, "it is not valid UTF-8"},
	{"bob@example.com\xC3", AMBC_BAD_UTF8, NULL, NULL},
	{"\xC0\xAF" "bob@example.com", AMBC_BAD_UTF8, NULL, NULL},
};

static const phone_case phone_cases[] = {
	/* the brief's examples */
	{"(512) 555-0100", "US", AMBC_OK, "+15125550100", NULL},
	{"+1 512 555 0100", "US", AMBC_OK, "+15125550100", NULL},
	{"1-512-555-0100 x123", "US", AMBC_OK, "+15125550100", NULL},
	{"512.555.0100 ext. 4", "US", AMBC_OK, "+15125550100", NULL},
	{"0015125550100", "US", AMBC_OK, "+15125550100", NULL},
	{"555-0100", "US", AMBC_INVALID, NULL, "it has too few digits"},
	{"(112) 555-0100", "US", AMBC_INVALID, NULL,
	"the area code cannot start with 0 or 1"},
	{"+44 20 7946 0018", "US", AMBC_OK, "+442079460018", NULL},
	{"020 7946 0018", "GB", AMBC_OK, "+442079460018", NULL},
	{"0412 345 678", "AU", AMBC_OK, "+61412345678", NULL},
	/* NANP forms */
	{"512-555-0100", "us", AMBC_OK, "+15125550100", NULL},
	{"5125550100", "US", AMBC_OK, "+15125550100", NULL},
	{"15125550100", "US", AMBC_OK, "+15125550100", NULL},
	{"+15125550100", "GB", AMBC_OK, "+15125550100", NULL},
	{"+1 (512) 555-0100", "DE", AMBC_OK, "+15125550100", NULL},
	{"(+1) 512 555 0100", "US", AMBC_OK, "+15125550100", NULL},
	{"011 44 20 7946 0018", "US", AMBC_OK, "+442079460018", NULL},
	{"512 555 0100 extension 12", "US", AMBC_OK, "+15125550100", NULL},
	{"512-555-0100#123", "US", AMBC_OK, "+15125550100", NULL},
	{"(512)555-0100 EXT4", "US", AMBC_OK, "+15125550100", NULL},
	{"512-555-0100 x 123", "US", AMBC_OK, "+15125550100", NULL},
	{"512-555-0100 Extn. 77", "US", AMBC_OK, "+15125550100", NULL},
	{"tel:+1-512-555-0100;ext=12", "US", AMBC_OK, "+15125550100", NULL},
	{"512/555-0100", "US", AMBC_OK, "+15125550100", NULL},
	{"[512] 555 0100", "US", AMBC_OK, "+15125550100", NULL},
	{"\xEF\xBC\x95\xEF\xBC\x91\xEF\xBC\x92-555-0100", "US", AMBC_OK,
	"+15125550100", NULL},			/* fullwidth digits */
	{"512\xE2\x80\x93" "555\xE2\x80\x93" "0100", "US", AMBC_OK,
	"+15125550100", NULL},			/* en dashes */
	{"\xC2\xA0(512)\xC2\xA0" "555-0100\xC2\xA0", "US", AMBC_OK,
	"+15125550100", NULL},			/* no-break spaces */
	{"(416) 555-0199", "CA", AMBC_OK, "+14165550199", NULL},
	{"(787) 555-0100", "PR", AMBC_OK, "+17875550100", NULL},
	/* other countries, national and international */
	{"+44 (0)20 7946 0018", "GB", AMBC_OK, "+442079460018", NULL},
	{"07700 900123", "GB", AMBC_OK, "+447700900123", NULL},
	{"07700 900123", "uk", AMBC_OK, "+447700900123", NULL},
	{"(02) 9876 5432", "AU", AMBC_OK, "+61298765432", NULL},
	{"0011 44 20 7946 0018", "AU", AMBC_OK, "+442079460018", NULL},
	{"+61 0412 345 678", "US", AMBC_OK, "+61412345678", NULL},
	{"021 123 4567", "NZ", AMBC_OK, "+64211234567", NULL},
	{"01 234 5678", "IE", AMBC_OK, "+35312345678", NULL},
	{"030/12345678", "DE", AMBC_OK, "+493012345678", NULL},
	{"01 23 45 67 89", "FR", AMBC_OK, "+33123456789", NULL},
	{"912 345 678", "ES", AMBC_OK, "+34912345678", NULL},
	{"06 1234 5678", "IT", AMBC_OK, "+390612345678", NULL},
	{"+39 06 1234 5678", "US", AMBC_OK, "+390612345678", NULL},
	{"020 123 4567", "NL", AMBC_OK, "+31201234567", NULL},
	{"02 123 45 67", "BE", AMBC_OK, "+3221234567", NULL},
	{"08-123 456 78", "SE", AMBC_OK, "+46812345678", NULL},
	{"22 12 34 56", "NO", AMBC_OK, "+4722123456", NULL},
	{"32 12 34 56", "DK", AMBC_OK, "+4532123456", NULL},
	{"09 1234 5678", "FI", AMBC_OK, "+358912345678", NULL},
	{"12 345 67 89", "PL", AMBC_OK, "+48123456789", NULL},
	{"21 234 5678", "PT", AMBC_OK, "+351212345678", NULL},
	{"044 668 18 00", "CH", AMBC_OK, "+41446681800", NULL},
	{"01 234567", "AT", AMBC_OK, "+431234567", NULL},
	{"55 1234 5678", "MX", AMBC_OK, "+525512345678", NULL},
	{"044 55 1234 5678", "MX", AMBC_OK, "+525512345678", NULL},
	{"01 55 1234 5678", "MX", AMBC_OK, "+525512345678", NULL},
	{"+52 1 55 1234 5678", "MX", AMBC_OK, "+525512345678", NULL},
	{"(11) 91234-5678", "BR", AMBC_OK, "+5511912345678", NULL},
	{"011 91234 5678", "BR", AMBC_OK, "+5511912345678", NULL},
	{"098765 43210", "IN", AMBC_OK, "+919876543210", NULL},
	{"03-1234-5678", "JP", AMBC_OK, "+81312345678", NULL},
	{"010 1 512 555 0100", "JP", AMBC_OK, "+15125550100", NULL},
	{"010 1234 5678", "CN", AMBC_OK, "+861012345678", NULL},
	{"02-123-4567", "KR", AMBC_OK, "+8221234567", NULL},
	{"6123 4567", "SG", AMBC_OK, "+6561234567", NULL},
	{"021 123 4567", "ZA", AMBC_OK, "+27211234567", NULL},
	{"+7 495 123 45 67", "US", AMBC_OK, "+74951234567", NULL},
	{"+\xD9\xA9\xD9\xA7\xD9\xA1 4 123 4567", "US", AMBC_OK, "+97141234567",
	NULL},							/* Arabic-Indic 971 */
	{"\xEF\xBC\x8B" "44 20 7946 0018", "US", AMBC_OK, "+442079460018",
	NULL},							/* fullwidth plus */
	/* rejected */
	{"(911) 555-0100", "US", AMBC_INVALID, NULL,
	"the area code is an N11 service code"},
	{"(211) 555-0100", "US", AMBC_INVALID, NULL,
	"the area code is an N11 service code"},
	{"(512) 155-0100", "US", AMBC_INVALID, NULL,
	"the exchange code cannot start with 0 or 1"},
	{"(012) 555-0100", "US", AMBC_INVALID, NULL,
	"the area code cannot start with 0 or 1"},
	{"+1 512 555 01000", "US", AMBC_INVALID, NULL, "it has too many digits"},
	{"+1 1 512 555 0100", "US", AMBC_INVALID, NULL,
	"it has too many digits"},
	{"1-800-FLOWERS", "US", AMBC_INVALID, NULL, "it contains letters"},
	{"abc", "US", AMBC_INVALID, NULL, "it contains letters"},
	{"x123", "US", AMBC_INVALID, NULL, "it contains letters"},
	{"512-555-0100", "XX", AMBC_INVALID, NULL, "unknown country"},
	{"512-555-0100", "USA", AMBC_INVALID, NULL, "unknown country"},
	{"512-555-0100", "", AMBC_INVALID, NULL, "unknown country"},
	{"512-555-0100", "R\xC3\xBC", AMBC_INVALID, NULL, "unknown country"},
	{"+44 20 7946 0018", "RU", AMBC_INVALID, NULL, "unknown country"},
	{"+0 123 4567", "US", AMBC_INVALID, NULL, "unknown country calling code"},
	{"+999 1234 5678", "US", AMBC_INVALID, NULL,
	"unknown country calling code"},
	{"512+555-0100", "US", AMBC_INVALID, NULL, "\"+\" can only come first"},
	{"++1 512 555 0100", "US", AMBC_INVALID, NULL,
	"\"+\" can only come first"},
	{"", "US", AMBC_EMPTY, NULL, "it is empty"},
	{" \t ", "US", AMBC_EMPTY, NULL, "it is empty"},
	{"()", "US", AMBC_INVALID, NULL, "it has no digits"},
	{"+", "US", AMBC_INVALID, NULL, "it has no digits"},
	{"00", "US", AMBC_INVALID, NULL,
	"it has no digits after the international prefix"},
	{"512-555-0100 x", "US", AMBC_INVALID, NULL,
	"the extension is not a number"},
	{"512-555-0100 ext. abc", "US", AMBC_INVALID, NULL,
	"the extension is not a number"},
	{"5125550100123456789012", "US", AMBC_INVALID, NULL,
	"it has too many digits"},
	{"+44 20 79", "US", AMBC_INVALID, NULL, "it has too few digits"},
	{"+353 1 234", "US", AMBC_INVALID, NULL, "it has too few digits"},
	{"12345", "GB", AMBC_INVALID, NULL, "it has too few digits"},
	{"020 7946 01", "GB", AMBC_INVALID, NULL,
	"it has the wrong number of digits for its country"},	/* 8 digits */
	{"+61 2 1234 567890", "US", AMBC_INVALID, NULL,
	"it has the wrong number of digits for its country"},	/* 11 digits */
	{"091 234 567", "ES", AMBC_INVALID, NULL,
	"the national number cannot start with 0"},
	{"00 20", "GB", AMBC_INVALID, NULL, "it has too few digits"},
	{"512_555_0100", "US", AMBC_INVALID, NULL,
	"it contains a character that is not allowed"},
	{"512-555-0100;", "US", AMBC_INVALID, NULL,
	"it contains a character that is not allowed"},
	{"\xE2\x98\x8E 512-555-0100", "US", AMBC_INVALID, NULL,
	"it contains a character that is not allowed"},	/* telephone sign */
	{"\x80", "US", AMBC_BAD_UTF8, NULL, "it is not valid UTF-8"},
	{"512-555-0100\xED\xA0\x80", "US", AMBC_BAD_UTF8, NULL, NULL},
};

#define H65 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const handle_case handle_cases[] = {
	/* the brief's examples */
	{"@BobSmith_Makes", AMBC_OK, "bobsmith_makes", NULL},
	{"https://www.instagram.com/bobsmith_makes/?hl=en", AMBC_OK,
	"bobsmith_makes", NULL},
	{"tiktok.com/@Bob.Smith", AMBC_OK, "bob.smith", NULL},
	{"https://x.com/BobSmith", AMBC_OK, "bobsmith", NULL},
	/* bare handles */
	{"BobSmith", AMBC_OK, "bobsmith", NULL},
	{"  @bob.smith  ", AMBC_OK, "bob.smith", NULL},
	{"bob-smith", AMBC_OK, "bob-smith", NULL},
	{"\xC2\xA0@bob\xC2\xA0", AMBC_OK, "bob", NULL},
	{"_bob_", AMBC_OK, "_bob_", NULL},
	{"1234", AMBC_OK, "1234", NULL},
	{H65 + 1, AMBC_OK, H65 + 1, NULL},
	/* Instagram */
	{"instagram.com/bob", AMBC_OK, "bob", NULL},
	{"HTTP://INSTAGRAM.COM/BOB", AMBC_OK, "bob", NULL},
	{"instagr.am/bob", AMBC_OK, "bob", NULL},
	{"https://www.instagram.com/@bob", AMBC_OK, "bob", NULL},
	{"instagram.com//bob//", AMBC_OK, "bob", NULL},
	{"https://m.instagram.com/bob/reels/", AMBC_OK, "bob", NULL},
	{"instagram.com/bob#top", AMBC_OK, "bob", NULL},
	/* TikTok */
	{"https://www.tiktok.com/@bob.smith/video/7234567890123", AMBC_OK,
	"bob.smith", NULL},
	/* X / Twitter */
	{"twitter.com/BobSmith/status/123456", AMBC_OK, "bobsmith", NULL},
	{"https://mobile.twitter.com/bob_smith", AMBC_OK, "bob_smith", NULL},
	{"x.com/bob?s=20", AMBC_OK, "bob", NULL},
	/* YouTube */
	{"https://www.youtube.com/@BobSmith-Makes", AMBC_OK, "bobsmith-makes",
	NULL},
	{"youtube.com/c/BobSmithMakes", AMBC_OK, "bobsmithmakes", NULL},
	{"https://youtube.com/user/bobsmith/videos", AMBC_OK, "bobsmith", NULL},
	{"m.youtube.com/@bob.smith/shorts", AMBC_OK, "bob.smith", NULL},
	/* Facebook */
	{"https://www.facebook.com/bob.smith.123", AMBC_OK, "bob.smith.123",
	NULL},
	{"https://m.facebook.com/profile.php?id=100012345678901", AMBC_OK,
	"100012345678901", NULL},
	{"facebook.com/profile.php?ref=x&id=42#top", AMBC_OK, "42", NULL},
	{"fb.com/BobSmith", AMBC_OK, "bobsmith", NULL},
	{"https://www.facebook.com/BobSmith/photos/", AMBC_OK, "bobsmith", NULL},
	/* Pinterest */
	{"https://www.pinterest.com/bobsmith/", AMBC_OK, "bobsmith", NULL},
	{"pinterest.co.uk/bob_smith/diy-ideas/", AMBC_OK, "bob_smith", NULL},
	{"https://uk.pinterest.com/bobsmith", AMBC_OK, "bobsmith", NULL},
	{"pinterest.com.au/bobsmith", AMBC_OK, "bobsmith", NULL},
	{"pinterest.de/bobsmith", AMBC_OK, "bobsmith", NULL},
	/* rejected */
	{"", AMBC_EMPTY, NULL, "it is empty"},
	{" \t", AMBC_EMPTY, NULL, "it is empty"},
	{"@", AMBC_INVALID, NULL, "the handle is empty"},
	{"https://www.instagram.com/p/XYZ123/", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"instagram.com/reel/abc", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"instagram.com", AMBC_INVALID, NULL, "the URL does not name a profile"},
	{"https://www.instagram.com/?hl=en", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"https://example.com/bob", AMBC_INVALID, NULL,
	"not a supported social profile URL"},
	{"linkedin.com/in/bob", AMBC_INVALID, NULL,
	"not a supported social profile URL"},
	{"https://instagram.com:8080/bob", AMBC_INVALID, NULL,
	"not a supported social profile URL"},
	{"https://bob", AMBC_INVALID, NULL, "not a supported social profile URL"},
	{"https://pin.it/abc123", AMBC_INVALID, NULL,
	"a short link does not name a profile"},
	{"https://youtu.be/dQw4w9WgXcQ", AMBC_INVALID, NULL,
	"a short link does not name a profile"},
	{"https://vm.tiktok.com/ZMabc/", AMBC_INVALID, NULL,
	"a short link does not name a profile"},
	{"https://www.youtube.com/watch?v=abc", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", AMBC_INVALID,
	NULL, "a YouTube channel id is not a handle"},
	{"youtube.com/bobsmith", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"youtube.com/c/", AMBC_INVALID, NULL, "the URL does not name a profile"},
	{"tiktok.com/bob", AMBC_INVALID, NULL, "the URL does not name a profile"},
	{"tiktok.com/@", AMBC_INVALID, NULL, "the handle is empty"},
	{"x.com/i/web/status/1", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"twitter.com/search?q=bob", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"facebook.com/profile.php?id=abc", AMBC_INVALID, NULL,
	"the profile id is not a number"},
	{"facebook.com/profile.php?id=123456789012345678901", AMBC_INVALID, NULL,
	"the profile id is too long"},
	{"facebook.com/profile.php", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"facebook.com/groups/123", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"pinterest.com/pin/12345/", AMBC_INVALID, NULL,
	"the URL does not name a profile"},
	{"bob smith", AMBC_INVALID, NULL, "it contains white space"},
	{"bob\x01", AMBC_INVALID, NULL, "it contains a control character"},
	{"bob\xE2\x80\x8D" "x", AMBC_INVALID, NULL,
	"it contains a control character"},	/* zero width joiner */
	{"@bob@x", AMBC_INVALID, NULL,
	"the handle has a character that is not allowed"},
	{"bob!", AMBC_INVALID, NULL,
	"the handle has a character that is not allowed"},
	{"...", AMBC_INVALID, NULL, "the handle has no letters or digits"},
	{"@_", AMBC_INVALID, NULL, "the handle has no letters or digits"},
	{"@instagram.com", AMBC_INVALID, NULL,
	"it is a site address, not a handle"},
	{"instagram.com/instagram.com", AMBC_INVALID, NULL,
	"it is a site address, not a handle"},
	{"instagram.com/x.com", AMBC_INVALID, NULL,
	"it is a site address, not a handle"},
	{"x.com/bob-smith", AMBC_INVALID, NULL,
	"the handle has a character that is not allowed"},
	{"facebook.com/bob_smith", AMBC_INVALID, NULL,
	"the handle has a character that is not allowed"},
	{"instagram.com/b%C3%B6b", AMBC_INVALID, NULL,
	"the handle has a character that is not allowed"},
	{"j\xC3\xB6rg", AMBC_INVALID, NULL,
	"the handle has a character that is not allowed"},
	{H65, AMBC_INVALID, NULL, "the handle is longer than 64 characters"},
	{"bob/", AMBC_INVALID, NULL, "not a supported social profile URL"},
	{"\xFF", AMBC_BAD_UTF8, NULL, "it is not valid UTF-8"},
	{"instagram.com/bob\xE0\x80\xAF", AMBC_BAD_UTF8, NULL, NULL},
};

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Wrappers with one signature, so the properties below are written once.
 * The phone wrapper uses a default country that the caller sets.
 */
typedef ambc_status (*norm_fn) (const char *src, size_t srclen, char *dst,
								size_t dstcap, size_t *dstlen,
								const char **reason);

static const char *phone_country = "US";

/* the phone normalizer with the default country phone_country */
static ambc_status
phone_us(const char *src, size_t srclen, char *dst, size_t dstcap,
		 size_t *dstlen, const char **reason)
{
	return ambc_phone_normalize(src, srclen, phone_country,
								strlen(phone_country), dst, dstcap, dstlen,
								reason);
}

/* true for the statuses the contact normalizers document */
static int
valid_status(ambc_status st)
{
	return st == AMBC_OK || st == AMBC_BAD_UTF8 || st == AMBC_EMPTY ||
		st == AMBC_INVALID || st == AMBC_TOO_LONG;
}

/* "+", a digit 1..9, then 7..14 digits */
static int
phone_shape(const char *s, size_t len)
{
	size_t		i;

	if (len < 9 || len > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* number of "@" in s[0..len) */
static int
count_at(const char *s, size_t len)
{
	size_t		i;
	int			n = 0;

	for (i = 0; i < len; i++)
		if (s[i] == '@')
			n++;
	return n;
}

/* [a-z0-9_.-]{1,64} with a letter or digit */
static int
handle_shape(const char *s, size_t len)
{
	size_t		i;
	int			alnum = 0;

	if (len < 1 || len > AMBC_HANDLE_MAX)
		return 0;
	for (i = 0; i < len; i++)
	{
		char		c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			alnum = 1;
		else if (c != '_' && c != '.' && c != '-')
			return 0;
	}
	return alnum;
}

/*
 * check_output
 *		The properties every result must have: a valid status; a reason
 *		exactly when it failed; on OK, valid UTF-8 within capacity, the
 *		kind's shape, and the same result when normalized again.  kind is
 *		'e', 'p' or 'h'.  Returns 1 if all hold.
 */
static int
check_output(norm_fn fn, int kind, const char *in, size_t inlen,
			 ambc_status st, const char *out, size_t len, const char *reason)
{
	char		again[OUTCAP];
	size_t		len2 = 0;
	const char *r2 = NULL;
	ambc_status st2;

	(void) in;
	(void) inlen;
	if (!valid_status(st))
		return 0;
	if ((st == AMBC_OK) != (reason == NULL))
		return 0;
	if (st != AMBC_OK)
		return 1;
	if (len > OUTCAP || ambc_utf8_validate(out, len) != AMBC_OK)
		return 0;
	if (kind == 'e' && (count_at(out, len) != 1 || len > AMBC_EMAIL_MAX))
		return 0;
	if (kind == 'p' && !phone_shape(out, len))
		return 0;
	if (kind == 'h' && !handle_shape(out, len))
		return 0;
	st2 = fn(out, len, again, sizeof(again), &len2, &r2);
	return st2 == AMBC_OK && len2 == len && memcmp(out, again, len) == 0;
}

/* the email table: status, result, reason, properties */
static void
test_email_cases(void)
{
	size_t		i;
	int			nok = 0;
	int			nbad = 0;

	for (i = 0; i < NCASES(email_cases); i++)
	{
		const email_case *c = &email_cases[i];
		char		out[OUTCAP];
		size_t		len = 0;
		const char *reason = "unset";
		ambc_status st = ambc_email_normalize(c->in, strlen(c->in), out,
											  sizeof(out), &len, &reason);

		CHECKF(st == c->st, "email %zu \"%s\": got %s (%s), want %s", i,
			   c->in, ambc_status_name(st), reason ? reason : "-",
			   ambc_status_name(c->st));
		if (st == AMBC_OK && c->st == AMBC_OK)
		{
			nok++;
			CHECKF(len == strlen(c->out) && memcmp(out, c->out, len) == 0,
				   "email %zu \"%s\": got \"%.*s\", want \"%s\"", i, c->in,
				   (int) len, out, c->out);
		}
		else
			nbad++;
		if (c->reason != NULL && st == c->st)
			CHECKF(reason != NULL && strcmp(reason, c->reason) == 0,
				   "email %zu \"%s\": reason \"%s\", want \"%s\"", i, c->in,
				   reason ? reason : "(null)", c->reason);
		CHECKF(check_output(ambc_email_normalize, 'e', c->in, strlen(c->in),
							st, out, len, reason),
			   "email %zu \"%s\": properties", i, c->in);
	}
	CHECK(nok >= 20 && nbad >= 20 && NCASES(email_cases) >= 40);
}

/*
 * The phone table: status, result, reason; a result comes back unchanged
 * whatever the default country.
 */
static void
test_phone_cases(void)
{
	size_t		i;
	int			nok = 0;
	int			nbad = 0;

	for (i = 0; i < NCASES(phone_cases); i++)
	{
		const phone_case *c = &phone_cases[i];
		char		out[OUTCAP];
		char		again[OUTCAP];
		size_t		len = 0;
		size_t		len2 = 0;
		const char *reason = "unset";
		ambc_status st = ambc_phone_normalize(c->in, strlen(c->in),
											  c->country, strlen(c->country),
											  out, sizeof(out), &len, &reason);

		CHECKF(st == c->st, "phone %zu \"%s\" %s: got %s (%s), want %s", i,
			   c->in, c->country, ambc_status_name(st),
			   reason ? reason : "-", ambc_status_name(c->st));
		if (st == AMBC_OK && c->st == AMBC_OK)
		{
			nok++;
			CHECKF(len == strlen(c->out) && memcmp(out, c->out, len) == 0,
				   "phone %zu \"%s\": got \"%.*s\", want \"%s\"", i, c->in,
				   (int) len, out, c->out);
			CHECKF(reason == NULL, "phone %zu: reason on OK", i);
			CHECKF(phone_shape(out, len), "phone %zu: shape", i);
			/* idempotent, whatever the default country */
			CHECK(ambc_phone_normalize(out, len, c->country,
									   strlen(c->country), again,
									   sizeof(again), &len2, NULL) == AMBC_OK &&
				  len2 == len && memcmp(out, again, len) == 0);
			CHECK(ambc_phone_normalize(out, len, "GB", 2, again,
									   sizeof(again), &len2, NULL) == AMBC_OK &&
				  len2 == len && memcmp(out, again, len) == 0);
			CHECK(ambc_phone_normalize(out, len, "it", 2, again,
									   sizeof(again), &len2, NULL) == AMBC_OK &&
				  len2 == len && memcmp(out, again, len) == 0);
		}
		else
		{
			nbad++;
			CHECKF(reason != NULL && reason[0] != '\0',
				   "phone %zu: no reason", i);
		}
		if (c->reason != NULL && st == c->st)
			CHECKF(reason != NULL && strcmp(reason, c->reason) == 0,
				   "phone %zu \"%s\": reason \"%s\", want \"%s\"", i, c->in,
				   reason ? reason : "(null)", c->reason);
	}
	CHECK(nok >= 25 && nbad >= 25 && NCASES(phone_cases) >= 50);
}

/* the handle table: status, result, reason, properties */
static void
test_handle_cases(void)
{
	size_t		i;
	int			nok = 0;
	int			nbad = 0;

	for (i = 0; i < NCASES(handle_cases); i++)
	{
		const handle_case *c = &handle_cases[i];
		char		out[OUTCAP];
		size_t		len = 0;
		const char *reason = "unset";
		ambc_status st = ambc_handle_normalize(c->in, strlen(c->in), out,
											   sizeof(out), &len, &reason);

		CHECKF(st == c->st, "handle %zu \"%s\": got %s (%s), want %s", i,
			   c->in, ambc_status_name(st), reason ? reason : "-",
			   ambc_status_name(c->st));
		if (st == AMBC_OK && c->st == AMBC_OK)
		{
			nok++;
			CHECKF(len == strlen(c->out) && memcmp(out, c->out, len) == 0,
				   "handle %zu \"%s\": got \"%.*s\", want \"%s\"", i, c->in,
				   (int) len, out, c->out);
		}
		else
			nbad++;
		if (c->reason != NULL && st == c->st)
			CHECKF(reason != NULL && strcmp(reason, c->reason) == 0,
				   "handle %zu \"%s\": reason \"%s\", want \"%s\"", i, c->in,
				   reason ? reason : "(null)", c->reason);
		CHECKF(check_output(ambc_handle_normalize, 'h', c->in, strlen(c->in),
							st, out, len, reason),
			   "handle %zu \"%s\": properties", i, c->in);
	}
	CHECK(nok >= 15 && nbad >= 15 && NCASES(handle_cases) >= 30);
}

/* true for the ASCII white space bytes */
static int
is_ascii_space(int c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

/* true for the ASCII characters of an RFC 5322 atom */
static int
is_atext_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') ||
		(c != 0 && strchr("!#$%&'*-/=?^_`{|}~", c) != NULL);
}

/*
 * Every byte value: alone, where it must never give a result, and inside an
 * otherwise valid value, where the rules say exactly what happens.
 */
static void
test_every_byte_email(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		char		in[32];
		char		out[OUTCAP];
		size_t		len = 0;
		const char *reason = NULL;
		ambc_status st;

		in[0] = (char) c;
		st = ambc_email_normalize(in, 1, out, sizeof(out), &len, &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "byte %d", c);
		else if (is_ascii_space(c))
			CHECKF(st == AMBC_EMPTY, "byte %d", c);
		else
			CHECKF(st == AMBC_INVALID && reason != NULL, "byte %d", c);

		/* "a" c "b@example.com" */
		memcpy(in, "a?b@example.com", 15);
		in[1] = (char) c;
		st = ambc_email_normalize(in, 15, out, sizeof(out), &len, &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "a%db", c);
		else if (c == '+')
			CHECKF(st == AMBC_OK && len == 13 &&
				   memcmp(out, "a@example.com", 13) == 0, "a%db", c);
		else if (is_atext_byte(c) || c == '.')
			CHECKF(st == AMBC_OK && len == 15 && out[0] == 'a' &&
				   out[1] == ((c >= 'A' && c <= 'Z') ? c + 32 : c) &&
				   memcmp(out + 2, "b@example.com", 13) == 0, "a%db", c);
		else
			CHECKF(st == AMBC_INVALID, "a%db: %s", c, ambc_status_name(st));

		/* "bob@exa" c "mple.com": only letters, digits, "-" and "." */
		memcpy(in, "bob@exa?mple.com", 16);
		in[7] = (char) c;
		st = ambc_email_normalize(in, 16, out, sizeof(out), &len, &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "domain %d", c);
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '-' || c == '.')
			CHECKF(st == AMBC_OK && len == 16, "domain %d", c);
		else
			CHECKF(st == AMBC_INVALID, "domain %d", c);
	}
}

/* every byte value alone, inside a number, and in the default country */
static void
test_every_byte_phone(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		char		in[32];
		char		out[OUTCAP];
		size_t		len = 0;
		const char *reason = NULL;
		ambc_status st;

		in[0] = (char) c;
		st = ambc_phone_normalize(in, 1, "US", 2, out, sizeof(out), &len,
								  &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "byte %d", c);
		else if (is_ascii_space(c))
			CHECKF(st == AMBC_EMPTY, "byte %d", c);
		else
			CHECKF(st == AMBC_INVALID && reason != NULL, "byte %d", c);

		/* "512" c "5550100": only punctuation keeps the number */
		memcpy(in, "512?5550100", 11);
		in[3] = (char) c;
		st = ambc_phone_normalize(in, 11, "US", 2, out, sizeof(out), &len,
								  &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "512%d", c);
		else if (is_ascii_space(c) || (c != 0 && strchr(".-()/[]", c)))
			CHECKF(st == AMBC_OK && len == 12 &&
				   memcmp(out, "+15125550100", 12) == 0, "512%d", c);
		else
			CHECKF(st == AMBC_INVALID, "512%d: %s", c, ambc_status_name(st));

		/* the byte as the default country's second letter */
		in[0] = 'G';
		in[1] = (char) c;
		st = ambc_phone_normalize("020 7946 0018", 13, in, 2, out,
								  sizeof(out), &len, &reason);
		if (c == 'B' || c == 'b')
			CHECKF(st == AMBC_OK && len == 13, "country G%d", c);
		else if (c == 'D' || c == 'd' || c == 'U' || c == 'u')
			CHECKF(st == AMBC_OK || st == AMBC_INVALID, "country G%d", c);
		else
			CHECKF(st == AMBC_INVALID && strcmp(reason, "unknown country") == 0,
				   "country G%d", c);
	}
}

/* every byte value alone, in a bare handle and in a profile URL */
static void
test_every_byte_handle(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		char		in[32];
		char		out[OUTCAP];
		size_t		len = 0;
		const char *reason = NULL;
		ambc_status st;
		int			alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9');

		in[0] = (char) c;
		st = ambc_handle_normalize(in, 1, out, sizeof(out), &len, &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "byte %d", c);
		else if (is_ascii_space(c))
			CHECKF(st == AMBC_EMPTY, "byte %d", c);
		else if (alnum)
			CHECKF(st == AMBC_OK && len == 1 &&
				   out[0] == ((c >= 'A' && c <= 'Z') ? c + 32 : c),
				   "byte %d", c);
		else
			CHECKF(st == AMBC_INVALID && reason != NULL, "byte %d", c);

		memcpy(in, "a?b", 3);
		in[1] = (char) c;
		st = ambc_handle_normalize(in, 3, out, sizeof(out), &len, &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "a%db", c);
		else if (alnum || c == '_' || c == '.' || c == '-')
			CHECKF(st == AMBC_OK && len == 3, "a%db", c);
		else
			CHECKF(st == AMBC_INVALID, "a%db", c);

		/* in an Instagram profile URL */
		memcpy(in, "instagram.com/a?b", 17);
		in[15] = (char) c;
		st = ambc_handle_normalize(in, 17, out, sizeof(out), &len, &reason);
		if (c >= 0x80)
			CHECKF(st == AMBC_BAD_UTF8, "ig %d", c);
		else if (alnum || c == '_' || c == '.')
			CHECKF(st == AMBC_OK && len == 3, "ig %d", c);
		else if (c == '/' || c == '?' || c == '#')
			CHECKF(st == AMBC_OK && len == 1 && out[0] == 'a', "ig %d", c);
		else
			CHECKF(st == AMBC_INVALID, "ig %d", c);
	}
}

/* malformed sequences at the start, middle and end of valid values */
static void
test_malformed_utf8(void)
{
	static const char *const bad[] = {
		"\x80", "\xBF", "\xC3", "\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF",
		"\xF0\x80\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80",
		"\xF5\x80\x80\x80", "\xFE", "\xFF", "\xE2\x82", "\xF0\x9F\x98",
		"\xC3\xC3\xA9"
	};
	static const char *const good_email = "bob@example.com";
	static const char *const good_phone = "+1 512 555 0100";
	static const char *const good_handle = "instagram.com/bob";
	size_t		i;
	int			where;

	for (i = 0; i < NCASES(bad); i++)
	{
		for (where = 0; where < 3; where++)
		{
			const char *goods[3];
			int			k;

			goods[0] = good_email;
			goods[1] = good_phone;
			goods[2] = good_handle;
			for (k = 0; k < 3; k++)
			{
				char		in[64];
				char		out[OUTCAP];
				size_t		n = 0;
				size_t		glen = strlen(goods[k]);
				size_t		blen = strlen(bad[i]);
				size_t		len;
				const char *reason = NULL;
				ambc_status st;

				if (where == 0)
				{
					memcpy(in, bad[i], blen);
					memcpy(in + blen, goods[k], glen);
				}
				else if (where == 1)
				{
					memcpy(in, goods[k], 4);
					memcpy(in + 4, bad[i], blen);
					memcpy(in + 4 + blen, goods[k] + 4, glen - 4);
				}
				else
				{
					memcpy(in, goods[k], glen);
					memcpy(in + glen, bad[i], blen);
				}
				n = glen + blen;
				if (k == 0)
					st = ambc_email_normalize(in, n, out, sizeof(out), &len,
											  &reason);
				else if (k == 1)
					st = ambc_phone_normalize(in, n, "US", 2, out,
											  sizeof(out), &len, &reason);
				else
					st = ambc_handle_normalize(in, n, out, sizeof(out), &len,
											   &reason);
				CHECKF(st == AMBC_BAD_UTF8 && reason != NULL,
					   "bad %zu at %d in kind %d: %s", i, where, k,
					   ambc_status_name(st));
			}
		}
	}
}

/* processor seconds since t0 */
static double
seconds_since(clock_t t0)
{
	return (double) (clock() - t0) / CLOCKS_PER_SEC;
}

/* run fn on big[0..n) with a time bound; return its status */
static ambc_status
timed(norm_fn fn, const char *big, size_t n, char *out, size_t *len,
	  const char **reason)
{
	clock_t		t0 = clock();
	ambc_status st = fn(big, n, out, OUTCAP, len, reason);

	CHECKF(seconds_since(t0) < MB_SECONDS, "1 MB took %.3f s",
		   seconds_since(t0));
	return st;
}

/* 1 MB inputs: bounded time, fixed memory, the right answer */
static void
test_megabyte_inputs(void)
{
	size_t		size = 1024 * 1024;
	char	   *big = malloc(size + 64);
	char		out[OUTCAP];
	size_t		len = 0;
	const char *reason = NULL;
	size_t		i;

	CHECK(big != NULL);
	if (big == NULL)
		return;

	/* a megabyte of letters */
	memset(big, 'a', size);
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_INVALID && strcmp(reason, "it has no \"@\"") == 0);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_INVALID &&
		  strcmp(reason, "it contains letters") == 0);
	CHECK(timed(ambc_handle_normalize, big, size, out, &len, &reason) ==
		  AMBC_INVALID &&
		  strcmp(reason, "the handle is longer than 64 characters") == 0);

	/* a megabyte local part, a megabyte domain */
	memcpy(big + size - 12, "@example.com", 12);
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_INVALID &&
		  strcmp(reason, "the local part is longer than 64 bytes") == 0);
	memset(big, 'a', size);
	memcpy(big, "bob@", 4);
	memcpy(big + size - 4, ".com", 4);
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_INVALID && strcmp(reason, "it is longer than 254 bytes") == 0);

	/* a megabyte of white space: empty; around a value: the value */
	memset(big, ' ', size);
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_EMPTY);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_EMPTY);
	CHECK(timed(ambc_handle_normalize, big, size, out, &len, &reason) ==
		  AMBC_EMPTY);
	memcpy(big + size / 2, "Bob@Example.com", 15);
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_OK && len == 15 && memcmp(out, "bob@example.com", 15) == 0);
	memcpy(big + size / 2, "(512) 555-0100 ", 15);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_OK &&
		  len == 12 && memcmp(out, "+15125550100", 12) == 0);
	memset(big + size / 2, ' ', 15);
	memcpy(big + size / 2, "@Bob", 4);
	CHECK(timed(ambc_handle_normalize, big, size, out, &len, &reason) ==
		  AMBC_OK && len == 3 && memcmp(out, "bob", 3) == 0);

	/* a megabyte of digits and of punctuation */
	memset(big, '5', size);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_INVALID &&
		  strcmp(reason, "it has too many digits") == 0);
	memset(big, '-', size);
	memcpy(big + size - 10, "5125550100", 10);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_OK &&
		  len == 12);
	/* ... and an endless extension */
	memcpy(big, "5125550100 x", 12);
	memset(big + 12, '9', size - 12);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_OK &&
		  len == 12);

	/* a megabyte of slashes in a profile URL, and a megabyte query */
	memcpy(big, "instagram.com", 13);
	memset(big + 13, '/', size - 13);
	memcpy(big + size - 3, "bob", 3);
	CHECK(timed(ambc_handle_normalize, big, size, out, &len, &reason) ==
		  AMBC_OK && len == 3 && memcmp(out, "bob", 3) == 0);
	memcpy(big, "facebook.com/profile.php?", 25);
	for (i = 25; i + 4 <= size; i += 4)
		memcpy(big + i, "a=1&", 4);
	memcpy(big + i, "id=7", 4);
	CHECK(timed(ambc_handle_normalize, big, i + 4, out, &len, &reason) ==
		  AMBC_OK && len == 1 && out[0] == '7');

	/* a megabyte of emoji and of combining marks */
	for (i = 0; i + 4 <= size; i += 4)
		memcpy(big + i, "\xF0\x9F\x8E\x89", 4);
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_INVALID);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_INVALID);
	CHECK(timed(ambc_handle_normalize, big, size, out, &len, &reason) ==
		  AMBC_INVALID);

	/* valid but malformed at the very end: malformed wins */
	memset(big, ' ', size);
	memcpy(big, "bob@example.com", 15);
	big[size - 1] = (char) 0xC3;
	CHECK(timed(ambc_email_normalize, big, size, out, &len, &reason) ==
		  AMBC_BAD_UTF8);
	CHECK(timed(phone_us, big, size, out, &len, &reason) == AMBC_BAD_UTF8);
	CHECK(timed(ambc_handle_normalize, big, size, out, &len, &reason) ==
		  AMBC_BAD_UTF8);

	free(big);
}

/*
 * An output buffer one byte too small gives AMBC_TOO_LONG with the needed
 * length and writes nothing past its capacity; an exact one works.
 */
static void
check_capacity(norm_fn fn, const char *in, size_t inlen)
{
	char		out[OUTCAP];
	char		small[OUTCAP + 8];
	size_t		len = 0;
	size_t		len2 = 0;
	const char *reason = NULL;
	size_t		j;
	ambc_status st = fn(in, inlen, out, sizeof(out), &len, &reason);

	if (st != AMBC_OK)
		return;
	memset(small, 0x5A, sizeof(small));
	CHECKF(fn(in, inlen, small, len - 1, &len2, &reason) == AMBC_TOO_LONG &&
		   len2 == len && reason != NULL, "\"%s\" with %zu bytes", in,
		   len - 1);
	for (j = len - 1; j < sizeof(small); j++)
		if (small[j] != 0x5A)
			break;
	CHECKF(j == sizeof(small), "\"%s\": wrote past capacity", in);
	CHECK(fn(in, inlen, small, 0, &len2, NULL) == AMBC_TOO_LONG);
	CHECK(fn(in, inlen, small, len, &len2, &reason) == AMBC_OK &&
		  len2 == len && memcmp(small, out, len) == 0 && reason == NULL);
}

static void
test_capacity(void)
{
	size_t		i;

	for (i = 0; i < NCASES(email_cases); i++)
		if (email_cases[i].st == AMBC_OK)
			check_capacity(ambc_email_normalize, email_cases[i].in,
						   strlen(email_cases[i].in));
	for (i = 0; i < NCASES(phone_cases); i++)
		if (phone_cases[i].st == AMBC_OK)
		{
			phone_country = phone_cases[i].country;
			check_capacity(phone_us, phone_cases[i].in,
						   strlen(phone_cases[i].in));
		}
	phone_country = "US";
	for (i = 0; i < NCASES(handle_cases); i++)
		if (handle_cases[i].st == AMBC_OK)
			check_capacity(ambc_handle_normalize, handle_cases[i].in,
						   strlen(handle_cases[i].in));
	/* the documented maxima fit: 64 + 1 + 189 = 254 bytes */
	{
		char		out[AMBC_EMAIL_MAX];
		char		in[AMBC_EMAIL_MAX];
		size_t		len = 0;

		memset(in, 'c', sizeof(in));
		memcpy(in, L64 "@" L63 "." L63 ".", 64 + 1 + 128);
		memcpy(in + sizeof(in) - 4, ".com", 4);
		CHECK(ambc_email_normalize(in, sizeof(in), out, sizeof(out), &len,
								   NULL) == AMBC_OK && len == AMBC_EMAIL_MAX);
	}
	{
		char		out[AMBC_PHONE_MAX];
		size_t		len;

		CHECK(ambc_phone_normalize("+49 30 12345678901", 18, "DE", 2, out,
								   sizeof(out), &len, NULL) == AMBC_OK &&
			  len == AMBC_PHONE_MAX);
	}
	{
		char		out[AMBC_HANDLE_MAX];
		size_t		len;

		CHECK(ambc_handle_normalize(L64, 64, out, sizeof(out), &len, NULL) ==
			  AMBC_OK && len == 64);
	}
}

/* the default country: any case, exactly two letters, the supported ones */
static void
test_countries(void)
{
	static const char *const ok[] = {
		"US", "us", "Us", "CA", "GB", "UK", "AU", "NZ", "IE", "DE", "FR",
		"ES", "IT", "NL", "BE", "SE", "NO", "DK", "FI", "PL", "PT", "CH",
		"AT", "MX", "BR", "IN", "JP", "CN", "KR", "SG", "ZA", "PR", "JM",
		"BS", "TT", "VI", "GU"
	};
	static const char *const bad[] = {
		"", "U", "USA", "XX", "RU", "ZZ", "1", "U ", " US", "U\xC3\xA9",
		"\xC3\xA9", "gbr"
	};
	size_t		i;

	for (i = 0; i < NCASES(ok); i++)
	{
		char		out[OUTCAP];
		size_t		len;

		CHECKF(ambc_phone_normalize("+1 512 555 0100", 15, ok[i],
									strlen(ok[i]), out, sizeof(out), &len,
									NULL) == AMBC_OK, "country \"%s\"", ok[i]);
	}
	for (i = 0; i < NCASES(bad); i++)
	{
		char		out[OUTCAP];
		size_t		len;
		const char *reason = NULL;

		CHECKF(ambc_phone_normalize("+1 512 555 0100", 15, bad[i],
									strlen(bad[i]), out, sizeof(out), &len,
									&reason) == AMBC_INVALID &&
			   strcmp(reason, "unknown country") == 0,
			   "country \"%s\"", bad[i]);
	}
	/* a NUL in the country is not a letter */
	{
		char		out[OUTCAP];
		size_t		len;

		CHECK(ambc_phone_normalize("+1 512 555 0100", 15, "U\0", 2, out,
								   sizeof(out), &len, NULL) == AMBC_INVALID);
	}
}

/*
 * Every NANP number formatted the ways contact lists write it gives the
 * same E.164 result; area and exchange codes are checked as phone.h says.
 */
static void
test_nanp_formats(void)
{
	static const char *const fmts[] = {
		"(%.3s) %.3s-%.4s", "%.3s-%.3s-%.4s", "%.3s.%.3s.%.4s",
		"1 %.3s %.3s %.4s", "+1 (%.3s) %.3s-%.4s", "1-%.3s-%.3s-%.4s x99",
		"%.3s%.3s%.4s", "001%.3s%.3s%.4s", "011 1 %.3s %.3s %.4s",
		"+1.%.3s.%.3s.%.4s ext. 5", "tel:+1-%.3s-%.3s-%.4s"
	};
	int			npa;
	int			bad = 0;

	for (npa = 100; npa < 1000 && bad < 10; npa += 7)
	{
		int			nxx = 100 + (npa * 37) % 900;
		int			valid = npa >= 200 && !(npa % 100 == 11) && nxx >= 200;
		char		digits[32];
		char		want[40];
		size_t		f;

		snprintf(digits, sizeof(digits), "%03d%03d%04d", npa, nxx,
				 (npa * 13) % 10000);
		snprintf(want, sizeof(want), "+1%s", digits);
		for (f = 0; f < NCASES(fmts); f++)
		{
			char		in[64];
			char		out[OUTCAP];
			size_t		len = 0;
			ambc_status st;

			snprintf(in, sizeof(in), fmts[f], digits, digits + 3, digits + 6);
			st = ambc_phone_normalize(in, strlen(in), "US", 2, out,
									  sizeof(out), &len, NULL);
			if (valid ? !(st == AMBC_OK && len == 12 &&
						  memcmp(out, want, 12) == 0) : st != AMBC_INVALID)
			{
				bad++;
				CHECKF(0, "\"%s\": %s", in, ambc_status_name(st));
			}
			else
				CHECK(1);
		}
	}
	CHECK(bad == 0);
}

/* a small deterministic generator, as in test_tagnorm.c */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/*
 * Random values built from pieces that matter to each normalizer: the
 * result properties of check_output hold for every one.
 */
static void
test_random_properties(void)
{
	static const char *const email_pool[] = {
		"a", "B", "0", ".", "+", "@", "-", "_", "gmail.com", "GoogleMail.com",
		"example", ".com", "mailto:", "<", ">", " ", "\"", "\xC3\xA9",
		"\xC3\x89", "\xE2\x80\x8B", "\xC2\xA0", "xn--", "1", "..", "!", "?",
		"%", "\xD0\x96", "\xE0\xA4\xBF", "\xEF\xBC\xA0"
	};
	static const char *const phone_pool[] = {
		"0", "1", "2", "5", "9", "00", "011", "0011", "+", " ", "-", "(",
		")", ".", "/", "x", "ext.", "#", ";ext=", "tel:", "44", "61", "52",
		"39", "\xEF\xBC\x91", "\xD9\xA5", "\xC2\xA0", "a", "\xE2\x80\x93",
		"555", "7946", "0100"
	};
	static const char *const handle_pool[] = {
		"a", "B", "_", ".", "-", "@", "/", "?", "#", "https://", "http://",
		"www.", "instagram.com", "x.com", "tiktok.com/", "youtube.com/",
		"facebook.com/", "profile.php?id=", "pinterest.com", "c/", "user/",
		"channel/", "1", " ", "%", "\xC3\xA9", "pin.it", "&", "p/", "i/",
		"=", ".co.uk"
	};
	static const char *const countries[] = {"US", "GB", "AU", "IT", "MX", "de"};
	uint32_t	seed = 20240611;
	int			iter;
	int			bad = 0;

	for (iter = 0; iter < 150000 && bad < 10; iter++)
	{
		int			kind = iter % 3;
		const char *const *pool = kind == 0 ? email_pool :
			kind == 1 ? phone_pool : handle_pool;
		size_t		npool = kind == 0 ? NCASES(email_pool) :
			kind == 1 ? NCASES(phone_pool) : NCASES(handle_pool);
		char		in[256];
		size_t		n = 0;
		int			k = (int) (lcg(&seed) % 16);
		int			j;
		char		out[OUTCAP];
		size_t		len = 0;
		const char *reason = NULL;
		ambc_status st;
		norm_fn		fn;

		for (j = 0; j < k; j++)
		{
			const char *piece = pool[lcg(&seed) % npool];
			size_t		plen = strlen(piece);

			if (n + plen > sizeof(in))
				break;
			memcpy(in + n, piece, plen);
			n += plen;
		}
		phone_country = countries[lcg(&seed) % NCASES(countries)];
		fn = kind == 0 ? ambc_email_normalize :
			kind == 1 ? phone_us : ambc_handle_normalize;
		st = fn(in, n, out, sizeof(out), &len, &reason);
		if (!check_output(fn, "eph"[kind], in, n, st, out, len, reason))
		{
			bad++;
			CHECKF(0, "kind %d: \"%.*s\" -> %s \"%.*s\"", kind, (int) n, in,
				   ambc_status_name(st), st == AMBC_OK ? (int) len : 0, out);
		}
		else
			CHECK(1);
	}
	phone_country = "US";
	CHECK(bad == 0);
}

/* run every test; the last line is "N passed, N failed" */
int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_email_cases),
		UNIT(test_phone_cases),
		UNIT(test_handle_cases),
		UNIT(test_every_byte_email),
		UNIT(test_every_byte_phone),
		UNIT(test_every_byte_handle),
		UNIT(test_malformed_utf8),
		UNIT(test_megabyte_inputs),
		UNIT(test_capacity),
		UNIT(test_countries),
		UNIT(test_nanp_formats),
		UNIT(test_random_properties),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}
