/*-------------------------------------------------------------------------
 *
 * dmetaphone.c
 *		Double Metaphone phonetic keys (primary and alternate) for blocking.
 *
 * L. Philips, "The Double Metaphone Search Algorithm", C/C++ Users Journal
 * 18(6), June 2000.  Double Metaphone reads a name left to right and writes
 * up to two keys: a primary key for the most likely (usually English)
 * pronunciation and an alternate key for a second one (Slavic, Germanic,
 * Romance, Greek or Chinese origin).  Each letter is coded by a set of rules
 * that look a few letters behind and ahead; the result alphabet is the
 * consonant sounds A-Z plus '0' for theta, with 'A' standing for a leading
 * vowel.  Two names are candidates for a match when any key of one equals
 * any key of the other.
 *
 * The rules are those of Apache commons-codec's DoubleMetaphone (maximum
 * key length 4), which PostgreSQL's fuzzystrmatch dmetaphone() and
 * dmetaphone_alt() agree with on all 1,222 names of the reference list in
 * ../shared/vectors/phonetic.csv; this file was written from the published
 * description of the rules, not from either program.  Outside that list the
 * two differ, and this file follows commons-codec: fuzzystrmatch codes a W
 * at the start before ICZ or ITZ as A / F and then the rest as TS / FX
 * (Witz: ATS / FFX, commons-codec ATS / FTS), takes -GIER- as J / K unless
 * it ends the word (Rogiers: RJRS / RKRS, commons-codec RJRS / RJRS), and
 * does not trim leading spaces (" Smith": SM0 / SMT, commons-codec SM0 /
 * XMT).  It agrees with commons-codec otherwise on 60,000 generated strings
 * of ASCII letters, spaces and punctuation.
 *
 * Worked examples:
 *	"Smith": S before M at the start is S / X (Smith matches Schmidt), M is M,
 *		I is silent, TH is '0' / T: primary SM0, alternate XMT.
 *	"Schmidt": SCH at the start followed by a consonant other than W is
 *		X / S, M is M, I is silent, DT is T: primary XMT, alternate SMT.
 *
 * Differences from commons-codec, all outside its test list: a J at the end
 * of a name whose primary code is J adds nothing to the alternate key
 * (commons-codec adds a space there, fuzzystrmatch nothing), and non-ASCII
 * letters other than Ç and Ñ are folded as ambc_double_metaphone describes
 * (commons-codec skips most of them).  On 120,000 generated strings of
 * ASCII, Ç, Ñ, ß, ı and ſ the keys were otherwise those of commons-codec
 * 1.15.
 *
 * Design: the text is validated, folded to an upper-case ASCII working copy
 * of at most AMBC_DMETAPHONE_MAX_INPUT bytes on the stack (Ç and Ñ kept as
 * the markers CEDILLA_C and TILDE_N, so that they take part in no rule), and
 * encoded by one function per letter, each returning the position of the
 * next letter to code.  Positions are ints: the copy is short and rules look
 * behind the start, where every test is false.
 *
 * src/core/dmetaphone.c
 *
 *-------------------------------------------------------------------------
 */
#include "dmetaphone.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"

/* markers for Ç and Ñ in the working copy (never otherwise present) */
#define CEDILLA_C	'c'
#define TILDE_N		'n'

/* longest decomposition of one code point that we look at */
#define FOLD_MAX	8

/* the folded, upper-case working copy of the input */
typedef struct dm_word
{
	char		s[AMBC_DMETAPHONE_MAX_INPUT];
	int			len;
	bool		slavo;			/* has W, K or CZ: Slavic or Germanic */
} dm_word;

/* the two keys being built */
typedef struct dm_key
{
	char		p[AMBC_DMETAPHONE_MAX];
	char		a[AMBC_DMETAPHONE_MAX];
	int			plen;
	int			alen;
} dm_key;

/*
 * at
 *		The byte at position i of the word, or NUL when i is outside it.
 */
static char
at(const dm_word *w, int i)
{
	return (i >= 0 && i < w->len) ? w->s[i] : '\0';
}

/*
 * is_vowel
 *		True for the letters Double Metaphone treats as vowels (Y included).
 */
static bool
is_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' ||
		c == 'Y';
}

/*
 * at_any
 *		True if one of the NULL-terminated strings opts occurs in the word
 *		starting at position start (false if it would begin before the word
 *		or run past its end).
 */
static bool
at_any(const dm_word *w, int start, const char *const *opts)
{
	if (start < 0)
		return false;
	for (; *opts != NULL; opts++)
	{
		int			n = (int) strlen(*opts);

		if (start + n <= w->len && memcmp(w->s + start, *opts, n) == 0)
			return true;
	}
	return false;
}

/* AT(w, i, "AB", "CD") is true if "AB" or "CD" starts at position i */
#define AT(w, i, ...) \
	at_any((w), (i), (const char *const[]) {__VA_ARGS__, NULL})

/*
 * add
 *		Append p to the primary key and a to the alternate key (a NULL a
 *		means the same as p), each cut at AMBC_DMETAPHONE_MAX.
 */
static void
add(dm_key *k, const char *p, const char *a)
{
	if (a == NULL)
		a = p;
	for (; *p != '\0' && k->plen < AMBC_DMETAPHONE_MAX; p++)
		k->p[k->plen++] = *p;
	for (; *a != '\0' && k->alen < AMBC_DMETAPHONE_MAX; a++)
		k->a[k->alen++] = *a;
}

/*
 * germanic
 *		True if the name starts like a Dutch or German one (VAN, VON, SCH).
 */
static bool
germanic(const dm_word *w)
{
	return AT(w, 0, "VAN ", "VON ") || AT(w, 0, "SCH");
}

/*
 * code_ch
 *		CH at i (a C already known to be followed by H); returns the next
 *		position.
 */
static int
code_ch(const dm_word *w, int i, dm_key *k)
{
	/* Michael */
	if (i > 0 && AT(w, i, "CHAE"))
	{
		add(k, "K", "X");
		return i + 2;
	}
	/* Greek roots at the start: chemistry, chorus, character (not chore) */
	if (i == 0 &&
		(AT(w, 1, "HARAC", "HARIS") || AT(w, 1, "HOR", "HYM", "HIA", "HEM")) &&
		!AT(w, 0, "CHORE"))
	{
		add(k, "K", NULL);
		return i + 2;
	}
	/* Germanic and Greek CH for a KH sound: orchestra, Bach, Christ */
	if (germanic(w) ||
		AT(w, i - 2, "ORCHES", "ARCHIT", "ORCHID") ||
		AT(w, i + 2, "T", "S") ||
		((AT(w, i - 1, "A", "O", "U", "E") || i == 0) &&
		 (AT(w, i + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") ||
		  i + 1 == w->len - 1)))
	{
		add(k, "K", NULL);
		return i + 2;
	}
	if (i > 0)
	{
		if (AT(w, 0, "MC"))
			add(k, "K", NULL);	/* McHugh */
		else
			add(k, "X", "K");
	}
	else
		add(k, "X", NULL);
	return i + 2;
}

/*
 * code_c
 *		C at i; returns the next position.
 */
static int
code_c(const dm_word *w, int i, dm_key *k)
{
	char		c2 = at(w, i + 2);

	/* Italian chianti, and Germanic -ACH- as in Bacher (not Bacci) */
	if (AT(w, i, "CHIA") ||
		(i > 1 && !is_vowel(at(w, i - 2)) && AT(w, i - 1, "ACH") &&
		 ((c2 != 'I' && c2 != 'E') || AT(w, i - 2, "BACHER", "MACHER"))))
	{
		add(k, "K", NULL);
		return i + 2;
	}
	/* Caesar */
	if (i == 0 && AT(w, i, "CAESAR"))
	{
		add(k, "S", NULL);
		return i + 2;
	}
	if (AT(w, i, "CH"))
		return code_ch(w, i, k);
	/* Czerny, but not -WICZ- */
	if (AT(w, i, "CZ") && !AT(w, i - 2, "WICZ"))
	{
		add(k, "S", "X");
		return i + 2;
	}
	/* Focaccia */
	if (AT(w, i + 1, "CIA"))
	{
		add(k, "X", NULL);
		return i + 3;
	}
	/* double C, but not McClellan */
	if (AT(w, i, "CC") && !(i == 1 && at(w, 0) == 'M'))
	{
		/* Bellocchio, Bacchus, but not -CCHU- */
		if (AT(w, i + 2, "I", "E", "H") && !AT(w, i + 2, "HU"))
		{
			/* accident, accede, succeed */
			if ((i == 1 && at(w, 0) == 'A') || AT(w, i - 1, "UCCEE", "UCCES"))
				add(k, "KS", NULL);
			else
				add(k, "X", NULL);	/* Bacci, Bertucci */
			return i + 3;
		}
		/* Pierce's rule */
		add(k, "K", NULL);
		return i + 2;
	}
	if (AT(w, i, "CK", "CG", "CQ"))
	{
		add(k, "K", NULL);
		return i + 2;
	}
	if (AT(w, i, "CI", "CE", "CY"))
	{
		/* Italian cio, cie, cia against English */
		if (AT(w, i, "CIO", "CIE", "CIA"))
			add(k, "S", "X");
		else
			add(k, "S", NULL);
		return i + 2;
	}
	add(k, "K", NULL);
	/* Mac Caffrey, Mac Gregor */
	if (AT(w, i + 1, " C", " Q", " G"))
		return i + 3;
	if (AT(w, i + 1, "C", "K", "Q") && !AT(w, i + 1, "CE", "CI"))
		return i + 2;
	return i + 1;
}

/*
 * code_d
 *		D at i; returns the next position.
 */
static int
code_d(const dm_word *w, int i, dm_key *k)
{
	if (AT(w, i, "DG"))
	{
		if (AT(w, i + 2, "I", "E", "Y"))
		{
			add(k, "J", NULL);	/* edge */
			return i + 3;
		}
		add(k, "TK", NULL);		/* Edgar */
		return i + 2;
	}
	add(k, "T", NULL);
	return AT(w, i, "DT", "DD") ? i + 2 : i + 1;
}

/*
 * code_gh
 *		GH at i; returns the next position.
 */
static int
code_gh(const dm_word *w, int i, dm_key *k)
{
	if (i > 0 && !is_vowel(at(w, i - 1)))
	{
		add(k, "K", NULL);
		return i + 2;
	}
	if (i == 0)
	{
		/* Ghislane, Ghiradelli; Ghent */
		add(k, at(w, i + 2) == 'I' ? "J" : "K", NULL);
		return i + 2;
	}
	/* Parker's rule, refined: Hugh, bough, broughton */
	if ((i > 1 && AT(w, i - 2, "B", "H", "D")) ||
		(i > 2 && AT(w, i - 3, "B", "H", "D")) ||
		(i > 3 && AT(w, i - 4, "B", "H")))
		return i + 2;
	/* laugh, McLaughlin, cough, gough, rough, tough */
	if (i > 2 && at(w, i - 1) == 'U' && AT(w, i - 3, "C", "G", "L", "R", "T"))
		add(k, "F", NULL);
	else if (at(w, i - 1) != 'I')
		add(k, "K", NULL);
	return i + 2;
}

/*
 * code_g
 *		G at i; returns the next position.
 */
static int
code_g(const dm_word *w, int i, dm_key *k)
{
	char		next = at(w, i + 1);

	if (next == 'H')
		return code_gh(w, i, k);
	if (next == 'N')
	{
		if (i == 1 && is_vowel(at(w, 0)) && !w->slavo)
			add(k, "KN", "N");	/* Agnes */
		else if (!AT(w, i + 2, "EY") && !w->slavo)
			add(k, "N", "KN");	/* Campagna, but not Cagney */
		else
			add(k, "KN", NULL);
		return i + 2;
	}
	/* Tagliaro */
	if (AT(w, i + 1, "LI") && !w->slavo)
	{
		add(k, "KL", "L");
		return i + 2;
	}
	/* -ges-, -gep-, -gel-, -gie- and the like at the start */
	if (i == 0 &&
		(next == 'Y' ||
		 AT(w, i + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE",
			"EI", "ER")))
	{
		add(k, "K", "J");
		return i + 2;
	}
	/* -ger-, -gy-, but not danger, ranger, manger, -egy-, -rgy-, -ogy- */
	if ((AT(w, i + 1, "ER") || next == 'Y') &&
		!AT(w, 0, "DANGER", "RANGER", "MANGER") &&
		!AT(w, i - 1, "E", "I") &&
		!AT(w, i - 1, "RGY", "OGY"))
	{
		add(k, "K", "J");
		return i + 2;
	}
	/* Italian: Biaggi */
	if (AT(w, i + 1, "E", "I", "Y") || AT(w, i - 1, "AGGI", "OGGI"))
	{
		if (germanic(w) || AT(w, i + 1, "ET"))
			add(k, "K", NULL);	/* obviously Germanic */
		else if (AT(w, i + 1, "IER"))
			add(k, "J", NULL);
		else
			add(k, "J", "K");
		return i + 2;
	}
	add(k, "K", NULL);
	return next == 'G' ? i + 2 : i + 1;
}

/*
 * code_h
 *		H at i: kept only at the start or after a vowel, and before a vowel;
 *		returns the next position.
 */
static int
code_h(const dm_word *w, int i, dm_key *k)
{
	if ((i == 0 || is_vowel(at(w, i - 1))) && is_vowel(at(w, i + 1)))
	{
		add(k, "H", NULL);
		return i + 2;
	}
	return i + 1;
}

/*
 * code_j
 *		J at i; returns the next position.
 */
static int
code_j(const dm_word *w, int i, dm_key *k)
{
	/* Spanish: Jose, San Jacinto */
	if (AT(w, i, "JOSE") || AT(w, 0, "SAN "))
	{
		if ((i == 0 && at(w, i + 4) == ' ') || w->len == 4 || AT(w, 0, "SAN "))
			add(k, "H", NULL);
		else
			add(k, "J", "H");
		return i + 1;
	}
	if (i == 0)
		add(k, "J", "A");		/* Yankelovich, Jankelowicz */
	else if (is_vowel(at(w, i - 1)) && !w->slavo &&
			 (at(w, i + 1) == 'A' || at(w, i + 1) == 'O'))
		add(k, "J", "H");		/* bajador */
	else if (i == w->len - 1)
		add(k, "J", "");		/* the alternate says nothing */
	else if (!AT(w, i + 1, "L", "T", "K", "S", "N", "M", "B", "Z") &&
			 !AT(w, i - 1, "S", "K", "L"))
		add(k, "J", NULL);
	return at(w, i + 1) == 'J' ? i + 2 : i + 1;
}

/*
 * code_l
 *		L at i; returns the next position.
 */
static int
code_l(const dm_word *w, int i, dm_key *k)
{
	int			last = w->len - 1;

	if (at(w, i + 1) != 'L')
	{
		add(k, "L", NULL);
		return i + 1;
	}
	/* Spanish: Cabrillo, Gallegos */
	if ((i == last - 2 && AT(w, i - 1, "ILLO", "ILLA", "ALLE")) ||
		((AT(w, last - 1, "AS", "OS") || AT(w, last, "A", "O")) &&
		 AT(w, i - 1, "ALLE")))
		add(k, "L", "");
	else
		add(k, "L", NULL);
	return i + 2;
}

/*
 * code_m
 *		M at i; returns the next position.
 */
static int
code_m(const dm_word *w, int i, dm_key *k)
{
	add(k, "M", NULL);
	/* MM, and the silent B of dumb, thumb, plumber (not Dumbo) */
	if (at(w, i + 1) == 'M' ||
		(AT(w, i - 1, "UMB") &&
		 (i + 1 == w->len - 1 || AT(w, i + 2, "ER"))))
		return i + 2;
	return i + 1;
}

/*
 * code_p
 *		P at i; returns the next position.
 */
static int
code_p(const dm_word *w, int i, dm_key *k)
{
	if (at(w, i + 1) == 'H')
	{
		add(k, "F", NULL);
		return i + 2;
	}
	/* Campbell, Raspberry */
	add(k, "P", NULL);
	return AT(w, i + 1, "P", "B") ? i + 2 : i + 1;
}

/*
 * code_r
 *		R at i; returns the next position.
 */
static int
code_r(const dm_word *w, int i, dm_key *k)
{
	/* French final -IER (Rogier), but not -MEIER, -MAIER */
	if (i == w->len - 1 && !w->slavo && AT(w, i - 2, "IE") &&
		!AT(w, i - 4, "ME", "MA"))
		add(k, "", "R");
	else
		add(k, "R", NULL);
	return at(w, i + 1) == 'R' ? i + 2 : i + 1;
}

/*
 * code_sc
 *		SC at i; returns the next position.
 */
static int
code_sc(const dm_word *w, int i, dm_key *k)
{
	if (at(w, i + 2) == 'H')
	{
		/* Schlesinger's rule: Dutch school, schooner */
		if (AT(w, i + 3, "OO", "ER", "EN", "UY", "ED", "EM"))
		{
			if (AT(w, i + 3, "ER", "EN"))
				add(k, "X", "SK");	/* Schermerhorn, Schenker */
			else
				add(k, "SK", NULL);
		}
		else if (i == 0 && !is_vowel(at(w, 3)) && at(w, 3) != 'W')
			add(k, "X", "S");	/* Schmidt */
		else
			add(k, "X", NULL);
	}
	else if (AT(w, i + 2, "I", "E", "Y"))
		add(k, "S", NULL);
	else
		add(k, "SK", NULL);
	return i + 3;
}

/*
 * code_s
 *		S at i; returns the next position.
 */
static int
code_s(const dm_word *w, int i, dm_key *k)
{
	/* island, isle, Carlisle, Carlysle */
	if (AT(w, i - 1, "ISL", "YSL"))
		return i + 1;
	/* sugar */
	if (i == 0 && AT(w, i, "SUGAR"))
	{
		add(k, "X", "S");
		return i + 1;
	}
	if (AT(w, i, "SH"))
	{
		/* Germanic: Rosheim, Hasholm */
		if (AT(w, i + 1, "HEIM", "HOEK", "HOLM", "HOLZ"))
			add(k, "S", NULL);
		else
			add(k, "X", NULL);
		return i + 2;
	}
	/* Italian and Armenian */
	if (AT(w, i, "SIO", "SIA") || AT(w, i, "SIAN"))
	{
		add(k, "S", w->slavo ? "S" : "X");
		return i + 3;
	}
	/*
	 * German and anglicisations (Smith matches Schmidt, Snider matches
	 * Schneider), and Slavic -SZ- (Hungarian reads it as S)
	 */
	if ((i == 0 && AT(w, i + 1, "M", "N", "L", "W")) || AT(w, i + 1, "Z"))
	{
		add(k, "S", "X");
		return AT(w, i + 1, "Z") ? i + 2 : i + 1;
	}
	if (AT(w, i, "SC"))
		return code_sc(w, i, k);
	/* French final -AIS, -OIS: Resnais, Artois */
	if (i == w->len - 1 && AT(w, i - 2, "AI", "OI"))
		add(k, "", "S");
	else
		add(k, "S", NULL);
	return AT(w, i + 1, "S", "Z") ? i + 2 : i + 1;
}

/*
 * code_t
 *		T at i; returns the next position.
 */
static int
code_t(const dm_word *w, int i, dm_key *k)
{
	if (AT(w, i, "TION") || AT(w, i, "TIA", "TCH"))
	{
		add(k, "X", NULL);
		return i + 3;
	}
	if (AT(w, i, "TH") || AT(w, i, "TTH"))
	{
		/* Thomas, Thames, and Germanic names */
		if (AT(w, i + 2, "OM", "AM") || germanic(w))
			add(k, "T", NULL);
		else
			add(k, "0", "T");
		return i + 2;
	}
	add(k, "T", NULL);
	return AT(w, i + 1, "T", "D") ? i + 2 : i + 1;
}

/*
 * code_w
 *		W at i; returns the next position.
 */
static int
code_w(const dm_word *w, int i, dm_key *k)
{
	/* WR, also inside a word */
	if (AT(w, i, "WR"))
	{
		add(k, "R", NULL);
		return i + 2;
	}
	if (i == 0 && (is_vowel(at(w, i + 1)) || AT(w, i, "WH")))
	{
		/* Wasserman matches Vasserman; Uomo matches Womo */
		if (is_vowel(at(w, i + 1)))
			add(k, "A", "F");
		else
			add(k, "A", NULL);
		return i + 1;
	}
	/* Arnow matches Arnoff; Polish -EWSKI; Germanic SCH- */
	if ((i == w->len - 1 && is_vowel(at(w, i - 1))) ||
		AT(w, i - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") ||
		AT(w, 0, "SCH"))
	{
		add(k, "", "F");
		return i + 1;
	}
	/* Polish: Filipowicz */
	if (AT(w, i, "WICZ", "WITZ"))
	{
		add(k, "TS", "FX");
		return i + 4;
	}
	return i + 1;
}

/*
 * code_x
 *		X at i; returns the next position.
 */
static int
code_x(const dm_word *w, int i, dm_key *k)
{
	/* Xavier */
	if (i == 0)
	{
		add(k, "S", NULL);
		return i + 1;
	}
	/* silent in French final -IAUX, -EAUX, -AUX, -OUX: Breaux */
	if (!(i == w->len - 1 &&
		  (AT(w, i - 3, "IAU", "EAU") || AT(w, i - 2, "AU", "OU"))))
		add(k, "KS", NULL);
	return AT(w, i + 1, "C", "X") ? i + 2 : i + 1;
}

/*
 * code_z
 *		Z at i; returns the next position.
 */
static int
code_z(const dm_word *w, int i, dm_key *k)
{
	/* Chinese pinyin: Zhao */
	if (at(w, i + 1) == 'H')
	{
		add(k, "J", NULL);
		return i + 2;
	}
	if (AT(w, i + 1, "ZO", "ZI", "ZA") ||
		(w->slavo && i > 0 && at(w, i - 1) != 'T'))
		add(k, "S", "TS");
	else
		add(k, "S", NULL);
	return at(w, i + 1) == 'Z' ? i + 2 : i + 1;
}

/*
 * encode
 *		Run the rules over the folded word w, filling k.
 */
static void
encode(const dm_word *w, dm_key *k)
{
	int			i = 0;

	/* silent first letter: gnome, knight, pneumatic, wright, psychology */
	if (AT(w, 0, "GN", "KN", "PN", "WR", "PS"))
		i = 1;

	while (i < w->len &&
		   (k->plen < AMBC_DMETAPHONE_MAX || k->alen < AMBC_DMETAPHONE_MAX))
	{
		char		c = w->s[i];
		char		next = at(w, i + 1);

		switch (c)
		{
			case 'A':
			case 'E':
			case 'I':
			case 'O':
			case 'U':
			case 'Y':
				/* a vowel is coded only at the start, as A */
				if (i == 0)
					add(k, "A", NULL);
				i++;
				break;
			case 'B':
				add(k, "P", NULL);
				i += next == 'B' ? 2 : 1;
				break;
			case CEDILLA_C:
				add(k, "S", NULL);
				i++;
				break;
			case 'C':
				i = code_c(w, i, k);
				break;
			case 'D':
				i = code_d(w, i, k);
				break;
			case 'F':
				add(k, "F", NULL);
				i += next == 'F' ? 2 : 1;
				break;
			case 'G':
				i = code_g(w, i, k);
				break;
			case 'H':
				i = code_h(w, i, k);
				break;
			case 'J':
				i = code_j(w, i, k);
				break;
			case 'K':
				add(k, "K", NULL);
				i += next == 'K' ? 2 : 1;
				break;
			case 'L':
				i = code_l(w, i, k);
				break;
			case 'M':
				i = code_m(w, i, k);
				break;
			case 'N':
				add(k, "N", NULL);
				i += next == 'N' ? 2 : 1;
				break;
			case TILDE_N:
				add(k, "N", NULL);
				i++;
				break;
			case 'P':
				i = code_p(w, i, k);
				break;
			case 'Q':
				add(k, "K", NULL);
				i += next == 'Q' ? 2 : 1;
				break;
			case 'R':
				i = code_r(w, i, k);
				break;
			case 'S':
				i = code_s(w, i, k);
				break;
			case 'T':
				i = code_t(w, i, k);
				break;
			case 'V':
				add(k, "F", NULL);
				i += next == 'V' ? 2 : 1;
				break;
			case 'W':
				i = code_w(w, i, k);
				break;
			case 'X':
				i = code_x(w, i, k);
				break;
			case 'Z':
				i = code_z(w, i, k);
				break;
			default:
				/* not a letter: codes nothing */
				i++;
				break;
		}
	}
}

/*
 * push
 *		Append s[0..n) to the working copy, skipping spaces and ASCII controls
 *		while it is still empty (the leading trim).  Returns false once the
 *		copy is full.
 */
static bool
push(dm_word *w, const char *s, size_t n)
{
	size_t		j;

	for (j = 0; j < n; j++)
	{
		if (w->len == 0 && (unsigned char) s[j] <= 0x20)
			continue;
		if (w->len >= AMBC_DMETAPHONE_MAX_INPUT)
			return false;
		w->s[w->len++] = s[j];
	}
	return w->len < AMBC_DMETAPHONE_MAX_INPUT;
}

/*
 * fold_char
 *		The ASCII spelling of a code point above U+007F other than Ç and Ñ:
 *		its letters with diacritics stripped (upper case, in buf, which holds
 *		FOLD_MAX + 1 bytes), "" for a combining mark or a default-ignorable
 *		character (soft hyphen, zero-width joiner), or " " for anything that
 *		is not a Latin letter.  Returns a static string or buf, never
 *		containing a NUL.
 */
static const char *
fold_char(int32_t cp, char *buf)
{
	utf8proc_int32_t dec[FOLD_MAX];
	utf8proc_ssize_t n;
	utf8proc_ssize_t j;
	int			boundclass = 0;

	n = utf8proc_decompose_char(cp, dec, FOLD_MAX,
								UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
								UTF8PROC_CASEFOLD | UTF8PROC_IGNORE,
								&boundclass);
	if (n < 0 || n > FOLD_MAX)
		return " ";
	if (n == 0)
		return "";
	/* Latin letters without a decomposition, in their folded (lower) case */
	if (n == 1)
	{
		switch (dec[0])
		{
			case 0x00E6:		/* æ */
				return "AE";
			case 0x00F0:		/* ð */
			case 0x0111:		/* đ */
				return "D";
			case 0x00F8:		/* ø */
				return "O";
			case 0x00FE:		/* þ */
				return "TH";
			case 0x0131:		/* dotless ı */
				return "I";
			case 0x0142:		/* ł */
				return "L";
			case 0x0153:		/* œ */
				return "OE";
			default:
				break;
		}
	}
	for (j = 0; j < n; j++)
	{
		if (dec[j] >= 'a' && dec[j] <= 'z')
			buf[j] = (char) (dec[j] - 'a' + 'A');
		else if (dec[j] >= 'A' && dec[j] <= 'Z')
			buf[j] = (char) dec[j];
		else
			return " ";
	}
	buf[n] = '\0';
	return buf;
}

/*
 * fold
 *		Fill w with the upper-case ASCII working copy of src[0..srclen),
 *		which must be valid UTF-8, as ambc_double_metaphone describes.
 */
static void
fold(const char *src, size_t srclen, dm_word *w)
{
	size_t		pos = 0;
	int32_t		cp;
	int32_t		prev = 0;
	char		one;
	char		buf[FOLD_MAX + 1];
	const char *s;
	size_t		n;

	w->len = 0;
	while (pos < srclen)
	{
		if (ambc_utf8_next(src, srclen, &pos, &cp) != AMBC_OK)
			break;				/* cannot happen: validated */
		if (cp < 0x80)
		{
			one = (cp >= 'a' && cp <= 'z') ? (char) (cp - 'a' + 'A') :
				(char) cp;
			s = &one;
			n = 1;
		}
		else if (cp == 0x00C7 || cp == 0x00E7)
		{
			one = CEDILLA_C;
			s = &one;
			n = 1;
		}
		else if (cp == 0x00D1 || cp == 0x00F1)
		{
			one = TILDE_N;
			s = &one;
			n = 1;
		}
		else if (cp == 0x0327 && (prev == 'C' || prev == 'c') && w->len > 0)
		{
			/* C + combining cedilla is Ç */
			w->s[w->len - 1] = CEDILLA_C;
			s = "";
			n = 0;
		}
		else if (cp == 0x0303 && (prev == 'N' || prev == 'n') && w->len > 0)
		{
			/* N + combining tilde is Ñ */
			w->s[w->len - 1] = TILDE_N;
			s = "";
			n = 0;
		}
		else
		{
			s = fold_char(cp, buf);
			n = strlen(s);
		}
		if (!push(w, s, n))
			break;
		prev = cp;
	}
	/* the trailing trim */
	while (w->len > 0 && (unsigned char) w->s[w->len - 1] <= 0x20)
		w->len--;
}

/*
 * ambc_double_metaphone
 *		See dmetaphone.h.
 */
ambc_status
ambc_double_metaphone(const char *src, size_t srclen, char *primary,
					  size_t *plen, char *alternate, size_t *alen)
{
	dm_word		w;
	dm_key		k;
	int			i;

	if (ambc_utf8_validate(src, srclen) != AMBC_OK)
		return AMBC_BAD_UTF8;
	fold(src, srclen, &w);

	w.slavo = false;
	for (i = 0; i < w.len; i++)
	{
		if (w.s[i] == 'W' || w.s[i] == 'K' ||
			(w.s[i] == 'C' && at(&w, i + 1) == 'Z'))
		{
			w.slavo = true;
			break;
		}
	}

	k.plen = 0;
	k.alen = 0;
	encode(&w, &k);

	memcpy(primary, k.p, (size_t) k.plen);
	*plen = (size_t) k.plen;
	memcpy(alternate, k.a, (size_t) k.alen);
	*alen = (size_t) k.alen;
	return AMBC_OK;
}
