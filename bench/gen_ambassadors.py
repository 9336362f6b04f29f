#!/usr/bin/env python3
"""bench/gen_ambassadors.py -- synthetic ambassador records for fuzzy-dedup benchmarks.

Usage
    python3 bench/gen_ambassadors.py --rows 1000000 --dup-rate 0.20 --seed 42 \\
        --out ambassadors.csv [--truth truth.csv] [--nicknames data/nicknames/names.csv]

Writes CSV (header, "\\n" line ends, minimal quoting; an empty field is written
as nothing, which COPY ... (FORMAT csv) reads as NULL):

    source,legacy_id,display_name,email,phone,handle,address_line,city,
    postal_code,region,country,birth_date,entity_id

Python 3.11, standard library only, one core: 15-17 s and 260 MB for
1,000,000 rows (118 MB of CSV, 7.6 MB of truth).
Deterministic: the same --seed, --rows, --dup-rate and nickname file give the
same bytes.  A summary (rows, entities, duplicate rows, truth pairs, time) goes
to stderr.

What is in it
-------------
* round(rows * dup_rate) rows are duplicates; the rest are distinct people
  (entities), one "original" row each, in entity_id order.  A duplicated
  entity has 1..4 duplicates (P = .72/.18/.07/.03, so most have one).  Each
  duplicate is written after its entity's original, at a uniformly random
  later place in the file.  A duplicate comes from another source than the
  original with P .85 (else a double entry in the same system); legacy_id is
  "<source>-<6+ digit counter>", unique per source and so across the file.
* --truth writes legacy_id_a,legacy_id_b for every pair of rows of one entity
  (k rows give k(k-1)/2 pairs), a before b in file order.
* People are US-like.  Given names (322 male, 381 female: SSA top names of the
  1960s-1990s) and surnames (the 1,000 commonest of the US Census 2000) are
  embedded in rank order and drawn with a Zipf-Mandelbrot skew, weight
  (rank + b)^-s: given names b = 6, s = 1.0 (top name ~3.6% of its sex),
  surnames b = 9.5, s = 0.84 (fitted to the census counts: Smith ~2.2%).  So
  "James Smith" appears a few hundred times in 1M rows, as in real data.  40%
  have a middle initial, 5% of men a generational suffix (Jr./Sr./II/III).
  Birth dates 1950-01-01..2007-12-31, most around 1990.
* Addresses: house number (log-uniform 1..9999, 8% five digits), optional
  directional, street name, suffix, optional unit; city, state and ZIP come
  from 508 embedded US cities (all 50 states and DC) with plausible ZIP
  prefixes and area codes, weighted by approximate population.
* Email: from the name (robert.smith, rsmith, bob_smith84, smithr, ...) at
  gmail/yahoo/outlook/hotmail/icloud/aol and a few ISP domains (92%) or a
  custom or small-business domain (8%), with digits added where needed so that
  canonical addresses are distinct -- except the 0.4% who use a family
  address ("thesmithfamily@...") or 0.3% a shop's generic box ("info@..."),
  which several people can share.
* Phones: NANP, area code from the person's city (80%) or anywhere, exchange
  2..9 and not N11, 555 exchanges in 0.2% only, stored as 10 digits.
* Handles (40% of people): [a-z0-9._], 3..30 characters, starting with a
  letter, no "." first/last or doubled; kept distinct.

Corruption, all draws independent
---------------------------------
Missing fields depend on the source only (originals and duplicates alike):

    P(empty)   email  phone  handle*  address**  birth_date
    crm        .04    .10    .30      .08        .20
    sheet      .10    .25    .40      .20        .35
    email      .00    .70    .60      .75        .70
    events     .06    .30    .50      .50        .80
    *  of people who have a handle;  ** address_line, city, postal_code and
    region together.  Source mix of originals: crm .35 sheet .30 events .20
    email .15.  Within a present address, address_line, city and
    postal_code are each also empty alone with P .02 (region: below).

Formatting varies on every row (how a system happened to write it):
    name       "Robert Smith" .66, "Smith, Robert" .12, "ROBERT SMITH" .05,
               "SMITH, Robert" .02, "robert smith" .03, with a title
               ("Dr. Robert Smith", "Mr Robert Smith") .07, extra spaces .05;
               middle initial shown .35 of rows of people who have one
               ("Robert J. Smith" / "Robert J Smith"); a generational suffix
               ("Robert Smith Jr.", "Robert Smith, Jr.") .60 of rows of those
               who have one
    email      mixed/upper case .05, "mailto:" .02, "Robert Smith <addr>" .02,
               surrounding spaces .01
    phone      "(512) 555-0100" .30, "512-555-0100" .24, "512.555.0100" .10,
               "5125550100" .10, "+1 512 555 0100" .08, "+1-512-555-0100" .04,
               "1-512-555-0100" .05, "+15125550100" .05, "(512)555-0100" .03,
               "1 (512) 555-0100" .01; an extension (" x12", " ext. 123",
               " ext 4", " #12") .02
    handle     "name" .45, "@name" .30, Instagram URL .15
               ("https://www.instagram.com/name/", "instagram.com/name", ...),
               TikTok URL .05 ("https://www.tiktok.com/@name"), X/Twitter URL
               .05 (for names without "."; else Instagram); capitalised .05
    address    suffix "Street" .45 / "St" .40 / "St." .15 (likewise Avenue,
               Road, Drive, Boulevard, ...); directional "North" .30 / "N" .50
               / "N." .20; unit "Apt 4B" / "Apt. 4B" / "#4B" / ", Apt 4B";
               upper case .04
    city       "St. Louis" <-> "Saint Louis", "Fort" <-> "Ft." .25 where
               there is one; upper case .04
    postal     ZIP+4 "78701-1234" .20, "787011234" .01, else 5 digits
    region     "TX" .72, "Texas" .20, "tx" .02, empty .06
    country    "US" .55, "USA" .15, "United States" .12, "U.S.A." .02,
               empty .16

Errors, on duplicate rows only (the original holds the person's true data):
    given name  nickname .12 (originals also .04), from the nickname file,
                common forms preferred (Robert -> Bob/Rob/Bobby); typo .04
    surname     typo .05; married name (women) .02: a new surname (.6) or
                "Smith-Garcia" (.4)
    typo        one of: substitute a QWERTY neighbour .30, delete .25,
                insert (double or neighbour) .25, transpose .20; mostly not
                on the first letter
    email       another mailbox altogether (new pattern/provider) .12; a
                typo in the mailbox or a misspelt provider ("gmial.com") .01;
                else the same mailbox written differently: Gmail dots moved
                or dropped .30 of gmail rows, "googlemail.com" .02 of gmail
                rows, "+tag" sub-address .08
    phone       another number .08; two adjacent line digits swapped .01
    handle      another account .08
    address     moved house .06 (same city .5, else anywhere); street name
                typo .03; house-number digits swapped .01; unit dropped .30
    city        typo .04
    postal      a digit wrong .005
    birth_date  day and month swapped .02 (where both <= 12 and differ); year
                off by one .01; day off by one .01 (always a valid date in
                1950..2007)

Validity
--------
Every email, phone and handle written is accepted by amb's normalizers
(src/core/email.h, phone.h, handle.h): emails have one "@", a dot-atom local
part of letters, digits, ".", "_", "-" and "+tag" (no dot first, last or
doubled; <= 64 bytes) and a domain of >= 2 labels with an alphabetic TLD;
phones are NANP 10-digit numbers (area code and exchange 2..9, area code
not N11) with "+1"/"1" prefixes, punctuation and extension markers the phone
rules list; handles are bare names, "@name" or Instagram/TikTok/X profile
URLs whose name is allowed on that platform.  birth_date is YYYY-MM-DD.

Sources of the word lists
-------------------------
Given names: US Social Security Administration, top names by decade
(1960s-1990s); surnames: US Census Bureau 2000 surname list; both public
domain, taken in rank order as listed in the Faker project's en_US person
provider (Debian package python3-fake-factory 0.9.3); census spellings
O'Brien, McDonald, De La Cruz restored.  Cities, ZIP prefixes, area codes,
street names and business words: written for this script (approximate).
Nicknames: amb's data/nicknames/names.csv (Apache-2.0, see data/README.md),
read at run time (--nicknames).
"""

import argparse
import bisect
import csv
import heapq
import os
import random
import sys
import time

# ---------------------------------------------------------------------------
# Names, in rank order (most common first)
# ---------------------------------------------------------------------------

GIVEN_MALE = """
Michael David James John Christopher Robert Matthew William Daniel Joseph Brian Jason Joshua Mark
Thomas Kevin Richard Anthony Andrew Steven Timothy Jeffrey Eric Ryan Charles Scott Justin Nicholas
Jonathan Brandon Paul Kenneth Jacob Gregory Stephen Patrick Adam Aaron Benjamin Kyle Jeremy Tyler
Zachary Ronald Edward Donald Sean Jose Alexander Nathan Gary Samuel Keith Bryan Douglas Shawn George
Peter Todd Travis Jesse Chad Bradley Austin Larry Cody Raymond Jordan Craig Dennis Frank Juan Jerry
Christian Derek Dustin Randy Terry Phillip Troy Carlos Jeffery Marcus Jared Joel Shane Tony Vincent
Corey Luis Antonio Alan Victor Dylan Philip Brett Rodney Curtis Johnny Alex Russell Martin Roger
Carl Erik Derrick Gabriel Brent Nathaniel Bruce Danny Ian Ricky Henry Jack Cory Cameron Billy
Mitchell Wesley Trevor Allen Lawrence Bobby Gerald Jesus Joe Randall Wayne Jimmy Evan Jon Seth
Walter Adrian Caleb Casey Marc Miguel Jay Steve Andre Chris Willie Arthur Manuel Taylor Logan Albert
Devin Roy Micheal Jeff Darren Mario Lee Mike Luke Darrell Blake Louis Jeremiah Ricardo Jorge Dale
Calvin Ethan Garrett Edwin Glenn Frederick Barry Lucas Francisco Lance Hunter Isaac Brad Connor
Chase Dean Noah Reginald Oscar Jamie Harold Spencer Roberto Ronnie Angel Alejandro Johnathan Ralph
Hector Dakota Eddie Colin Eugene Tommy Maurice Kelly Ruben Leonard Shaun Ernest Stanley Brendan
Marvin Tracy Kurt Howard Dwayne Tim Jonathon Julian Grant Darryl Clayton Tanner Omar Jerome Isaiah
Javier Greg Melvin Duane Dalton Mathew Drew Theodore Elijah Tyrone Harry Kristopher Clinton Cole
Sergio Jim Jake Mason Dillon Fernando Clifford Colton Tom Devon Eduardo Bryce Jermaine Alec Rick
Dominic Bill Geoffrey Shannon Jaime Xavier Tristan Collin Jackson Fred Norman Dan Kirk Edgar Ray Don
Glen Nicolas Karl Maxwell Ivan Earl Levi Damon Darius Andres Cristian Francis Kent Riley Alfred
Warren Max Malik Wyatt Cesar Clarence Bernard Gavin Preston Marco Hayden Alexis Brady Parker Pedro
Gordon Dave Ross Guy Kerry Daryl Leroy Perry Lonnie Alvin Gilbert Vernon Neil Stuart Rickey Franklin
Leon Gregg Bob Darin Leslie Gene Herbert Terrence Terrance
""".split()

GIVEN_FEMALE = """
Jennifer Jessica Lisa Kimberly Amanda Michelle Elizabeth Melissa Ashley Sarah Mary Stephanie Amy
Angela Nicole Heather Laura Rebecca Karen Kelly Emily Susan Rachel Christina Patricia Julie Samantha
Megan Cynthia Christine Brittany Lauren Amber Andrea Danielle Tiffany Maria Katherine Tammy Sandra
Linda Crystal Lori Shannon Pamela Brenda Donna Sara Erin Deborah Victoria Tina Jamie Teresa Kathleen
Nancy Dawn Tracy Courtney Barbara Jacqueline Sharon Anna Kayla Denise April Catherine Kristen Erica
Monica Hannah Kathryn Cheryl Debra Robin Wendy Taylor Margaret Vanessa Alicia Allison Diana Natalie
Kristin Leslie Michele Theresa Holly Alexis Melanie Dana Cindy Julia Jill Alyssa Valerie Tara Stacy
Diane Katie Jasmine Veronica Carol Carrie Rhonda Gina Stacey Alexandra Chelsea Kathy Carolyn Lindsey
Ann Renee Brianna Morgan Kim Cassandra Janet Paula Kelsey Sherry Brooke Tonya Kristina Beth Heidi
Sheila Laurie Lindsay Brandy Tamara Erika Anne Melinda Brandi Deanna Abigail Tanya Madison Leah
Olivia Carla Suzanne Regina Sabrina Debbie Colleen Terri Connie Caitlin Jenna Natasha Felicia Molly
Whitney Jordan Janice Marissa Shelby Brittney Katrina Misty Haley Kara Lynn Marie Tracey Alison
Virginia Annette Meghan Kaitlyn Katelyn Miranda Christy Cathy Kendra Anita Bonnie Shelly Wanda
Martha Sherri Monique Emma Krista Jodi Bethany Krystal Sydney Yolanda Caroline Casey Joanna Angel
Gloria Audrey Paige Angelica Judy Rachael Kristy Gabrielle Destiny Ruth Kristi Joyce Yvonne Nichole
Desiree Beverly Jillian Savannah Kristine Mariah Alexandria Becky Claudia Sierra Darlene Jane Briana
Jenny Kelli Shelley Autumn Joy Sonya Sheri Carmen Toni Vicki Breanna Grace Judith Traci Rebekah Ana
Jaime Dominique Betty Penny Shirley Evelyn Jean Peggy Madeline Joan Kari Bridget Jeanette Meredith
Mackenzie Maureen Ellen Jody Meagan Joanne Dorothy Gail Rita Rose Cheyenne Ashlee Vickie Bailey
Mallory Kaitlin Alexa Hailey Candice Latoya Helen Sylvia Bianca Adrienne Ariel Terry Elaine Marilyn
Alice Sheryl Jackie Chloe Phyllis Claire Kaylee Candace Frances Joann Eileen Charlene Sophia Sally
Charlotte Gabriela Jeanne Michaela Belinda Carly Kylie Sandy Karina Adriana Lorraine Yvette Loretta
Caitlyn Hayley Jaclyn Alisha Sue Norma Roberta Jocelyn Lacey Cassidy Tricia Shari Jade Jo Gabriella
Makayla Daisy Tabitha Faith Aimee Tammie Alejandra Ariana Summer Isabella Mikayla Gwendolyn Raven
Melody Shelia Tami Marcia Ebony Doris Christie Stacie Kiara Karla Glenda Patty Kristie Pam Lydia
Kirsten Chelsey Zoe Tasha Sheena Mandy Shawna Kerry Isabel Priscilla Stefanie Cassie Marisa Mercedes
Mckenzie Jasmin Sonia Yesenia Diamond Selena Latasha Cristina Robyn Mia Kerri Mindy Tracie Angie
Kellie Nina
""".split()

SURNAMES = """
Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez Wilson Martinez Anderson Taylor
Thomas Hernandez Moore Martin Jackson Thompson White Lopez Lee Gonzalez Harris Clark Lewis Robinson
Walker Perez Hall Young Allen Sanchez Wright King Scott Green Baker Adams Nelson Hill Ramirez
Campbell Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Flores
Morris Nguyen Murphy Rivera Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Gomez Kelly Howard
Ward Cox Diaz Richardson Wood Watson Brooks Bennett Gray James Reyes Cruz Hughes Price Myers Long
Foster Sanders Ross Morales Powell Sullivan Russell Ortiz Jenkins Gutierrez Perry Butler Barnes
Fisher Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Kim Gonzales Alexander
Ramos Wallace Griffin West Cole Hayes Chavez Gibson Bryant Ellis Stevens Murray Ford Marshall Owens
McDonald Harrison Ruiz Kennedy Wells Alvarez Woods Mendoza Castillo Olson Webb Washington Tucker
Freeman Burns Henry Vasquez Snyder Simpson Crawford Jimenez Porter Mason Shaw Gordon Wagner Hunter
Romero Hicks Dixon Hunt Palmer Robertson Black Holmes Stone Meyer Boyd Mills Warren Fox Rose Rice
Moreno Schmidt Patel Ferguson Nichols Herrera Medina Ryan Fernandez Weaver Daniels Stephens Gardner
Payne Kelley Dunn Pierce Arnold Tran Spencer Peters Hawkins Grant Hansen Castro Hoffman Hart Elliott
Cunningham Knight Bradley Carroll Hudson Duncan Armstrong Berry Andrews Johnston Ray Lane Riley
Carpenter Perkins Aguilar Silva Richards Willis Matthews Chapman Lawrence Garza Vargas Watkins
Wheeler Larson Carlson Harper George Greene Burke Guzman Morrison Munoz Jacobs O'Brien Lawson
Franklin Lynch Bishop Carr Salazar Austin Mendez Gilbert Jensen Williamson Montgomery Harvey Oliver
Howell Dean Hanson Weber Garrett Sims Burton Fuller Soto McCoy Welch Chen Schultz Walters Reid
Fields Walsh Little Fowler Bowman Davidson May Day Schneider Newman Brewer Lucas Holland Wong Banks
Santos Curtis Pearson Delgado Valdez Pena Rios Douglas Sandoval Barrett Hopkins Keller Guerrero
Stanley Bates Alvarado Beck Ortega Wade Estrada Contreras Barnett Caldwell Santiago Lambert Powers
Chambers Nunez Craig Leonard Lowe Rhodes Byrd Gregory Shelton Frazier Becker Maldonado Fleming Vega
Sutton Cohen Jennings Parks McDaniel Watts Barker Norris Vaughn Vazquez Holt Schwartz Steele Benson
Neal Dominguez Horton Terry Wolfe Hale Lyons Graves Haynes Miles Park Warner Padilla Bush Thornton
McCarthy Mann Zimmerman Erickson Fletcher McKinney Page Dawson Joseph Marquez Reeves Klein Espinoza
Baldwin Moran Love Robbins Higgins Ball Cortez Le Griffith Bowen Sharp Cummings Ramsey Hardy Swanson
Barber Acosta Luna Chandler Daniel Blair Cross Simon Dennis O'Connor Quinn Gross Navarro Moss
Fitzgerald Doyle McLaughlin Rojas Rodgers Stevenson Singh Yang Figueroa Harmon Newton Paul Manning
Garner McGee Reese Francis Burgess Adkins Goodman Curry Brady Christensen Potter Walton Goodwin
Mullins Molina Webster Fischer Campos Avila Sherman Todd Chang Blake Malone Wolf Hodges Juarez Gill
Farmer Hines Gallagher Duran Hubbard Cannon Miranda Wang Saunders Tate Mack Hammond Carrillo
Townsend Wise Ingram Barton Mejia Ayala Schroeder Hampton Rowe Parsons Frank Waters Strickland
Osborne Maxwell Chan De_Leon Norman Harrington Casey Patton Logan Bowers Mueller Glover Floyd Hartman
Buchanan Cobb French Kramer McCormick Clarke Tyler Gibbs Moody Conner Sparks McGuire Leon Bauer
Norton Pope Flynn Hogan Robles Salinas Yates Lindsey Lloyd Marsh McBride Owen Solis Pham Lang Pratt
Lara Brock Ballard Trujillo Shaffer Drake Roman Aguirre Morton Stokes Lamb Pacheco Patrick Cochran
Shepherd Cain Burnett Hess Li Cervantes Olsen Briggs Ochoa Cabrera Velasquez Montoya Roth Meyers
Cardenas Fuentes Weiss Wilkins Hoover Nicholson Underwood Short Carson Morrow Colon Holloway Summers
Bryan Petersen McKenzie Serrano Wilcox Carey Clayton Poole Calderon Gallegos Greer Rivas Guerra
Decker Collier Wall Whitaker Bass Flowers Davenport Conley Houston Huff Copeland Hood Monroe Massey
Roberson Combs Franco Larsen Pittman Randall Skinner Wilkinson Kirby Cameron Bridges Anthony Richard
Kirk Bruce Singleton Mathis Bradford Boone Abbott Charles Allison Sweeney Atkinson Horn Jefferson
Rosales York Christian Phelps Farrell Castaneda Nash Dickerson Bond Wyatt Foley Chase Gates Vincent
Mathews Hodge Garrison Trevino Villarreal Heath Dalton Valencia Callahan Hensley Atkins Huffman Roy
Boyer Shields Lin Hancock Grimes Glenn Cline De_La_Cruz Camacho Dillon Parrish O'Neill Melton Booth
Kane Berg Harrell Pitts Savage Wiggins Brennan Salas Marks Russo Sawyer Baxter Golden Hutchinson Liu
Walter McDowell Wiley Rich Humphrey Johns Koch Suarez Hobbs Beard Gilmore Ibarra Keith Macias Khan
Andrade Ware Stephenson Henson Wilkerson Dyer McClure Blackwell Mercado Tanner Eaton Clay Barron
Beasley O'Neal Small Preston Wu Zamora MacDonald Vance Snow McClain Stafford Orozco Barry English
Shannon Kline Jacobson Woodard Huang Kemp Mosley Prince Merritt Hurst Villanueva Roach Nolan Lam
Yoder McCullough Lester Santana Valenzuela Winters Barrera Orr Leach Berger McKee Strong Conway
Stein Whitehead Bullock Escobar Knox Meadows Solomon Velez O'Donnell Kerr Stout Blankenship Browning
Kent Lozano Bartlett Pruitt Buck Barr Gaines Durham Gentry McIntyre Sloan Rocha Melendez Herman
Sexton Moon Hendricks Rangel Stark Lowery Hardin Hull Sellers Ellison Calhoun Gillespie Mora Knapp
McCall Morse Dorsey Weeks Nielsen Livingston Leblanc McLean Bradshaw Glass Middleton Buckley
Schaefer Frost Howe House McIntosh Ho Pennington Reilly Hebert McFarland Hickman Noble Spears Conrad
Arias Galvan Velazquez Huynh Frederick Randolph Cantu Fitzpatrick Mahoney Peck Villa Michael Donovan
McConnell Walls Boyle Mayer Zuniga Giles Pineda Pace Hurley Mays McMillan Crosby Ayers Case Bentley
Shepard Everett Pugh David McMahon Dunlap Bender Hahn Harding Acevedo Raymond Blackburn Duffy Landry
Dougherty Bautista Shah Potts Arroyo Valentine Meza Gould Vaughan Fry Rush Avery Herring Dodson
Clements Sampson Tapia Bean Lynn Crane Farley Cisneros Benton Ashley McKay Finley Best Blevins
Friedman Moses Sosa Blanchard Huber Frye Krueger Bernard Rosario Rubio Mullen Benjamin Haley Chung
Moyer Choi Horne Yu Woodward Ali Nixon Hayden Rivers Estes McCarty Richmond Stuart Maynard Brandt
O'Connell Hanna Sanford Sheppard Church Burch Levy Rasmussen Coffey Ponce Faulkner Donaldson Schmitt
Novak Costa Montes Booker Cordova Waller Arellano Maddox Mata Bonilla Stanton Compton Kaufman Dudley
McPherson Beltran Dickson McCann Villegas Proctor Hester Cantrell Daugherty Cherry Bray Davila
Rowland Madden Levine Spence Good Irwin Werner Krause Petty Whitney Baird Hooper Pollard Zavala
Jarvis Holden Hendrix Haas McGrath Bird Lucero Terrell Riggs Joyce Rollins Mercer Galloway Duke Odom
Andersen Downs Hatfield Benitez Archer Huerta Travis McNeil Hinton Zhang Hays Mayo Fritz Branch
Mooney Ewing Ritter Esparza Frey Braun Gay Riddle Haney Kaiser Holder Chaney McKnight Gamble Vang
Cooley Carney Cowan Forbes Ferrell Davies Barajas Shea Osborn Bright Cuevas Bolton Murillo Lutz
Duarte Kidd Key Cooke
""".split()

# City|state|ZIP prefixes|area codes|population in thousands (approximate)
CITIES = """
New York|NY|100 101 102 103 104 112 113 114 116|212 718 917 646 347 929|8300
Los Angeles|CA|900 913 916|213 323 310 818 424|3900
Chicago|IL|606 607|312 773 872|2700
Houston|TX|770 772|713 281 832 346|2300
Phoenix|AZ|850|602 480 623|1600
Philadelphia|PA|191|215 267 445|1600
San Antonio|TX|782|210 726|1450
San Diego|CA|921|619 858|1390
Dallas|TX|752|214 469 972|1300
San Jose|CA|951|408 669|1010
Austin|TX|787|512 737|960
Jacksonville|FL|322|904|950
Fort Worth|TX|761|817 682|920
Columbus|OH|432|614 380|900
Indianapolis|IN|462|317 463|880
Charlotte|NC|282|704 980|870
San Francisco|CA|941|415 628|870
Seattle|WA|981|206|740
Denver|CO|802|303 720|715
Washington|DC|200|202|690
Nashville|TN|372|615 629|690
Oklahoma City|OK|731|405 572|680
El Paso|TX|799|915|680
Boston|MA|021|617 857|675
Portland|OR|972|503 971|650
Las Vegas|NV|891|702 725|640
Detroit|MI|482|313|640
Memphis|TN|381|901|630
Louisville|KY|402|502|620
Baltimore|MD|212|410 443 667|585
Milwaukee|WI|532|414|577
Albuquerque|NM|871|505|565
Tucson|AZ|857|520|543
Fresno|CA|937|559|542
Sacramento|CA|958|916 279|525
Kansas City|MO|641|816 975|508
Mesa|AZ|852|480|504
Atlanta|GA|303|404 470 678 770|498
Omaha|NE|681|402 531|486
Colorado Springs|CO|809|719|478
Raleigh|NC|276|919 984|467
Long Beach|CA|908|562|466
Virginia Beach|VA|234|757|459
Miami|FL|331|305 786|442
Oakland|CA|946|510 341|440
Minneapolis|MN|554|612|429
Tulsa|OK|741|918 539|413
Bakersfield|CA|933|661|403
Wichita|KS|672|316|397
Arlington|TX|760|817 682|394
Aurora|CO|800|303 720|386
Tampa|FL|336|813 656|384
New Orleans|LA|701|504|384
Cleveland|OH|441|216|372
Honolulu|HI|968|808|350
Anaheim|CA|928|714 657|346
Lexington|KY|405|859|322
Stockton|CA|952|209|320
Corpus Christi|TX|784|361|317
Henderson|NV|890|702 725|317
Riverside|CA|925|951|314
Newark|NJ|071|973 862|311
Saint Paul|MN|551|651|311
Santa Ana|CA|927|714 657|310
Cincinnati|OH|452|513|309
Irvine|CA|926|949|307
Orlando|FL|328|407 689|307
Pittsburgh|PA|152|412 878|302
St. Louis|MO|631|314 557|301
Greensboro|NC|274|336 743|299
Jersey City|NJ|073|201 551|292
Anchorage|AK|995|907|291
Lincoln|NE|685|402 531|291
Plano|TX|750|972 469 214|285
Durham|NC|277|919 984|283
Buffalo|NY|142|716|278
Chandler|AZ|852|480|275
Chula Vista|CA|919|619|275
Toledo|OH|436|419 567|270
Madison|WI|537|608|269
Gilbert|AZ|852|480|267
Reno|NV|895|775|264
Fort Wayne|IN|468|260|263
North Las Vegas|NV|890|702 725|262
St. Petersburg|FL|337|727|258
Lubbock|TX|794|806|257
Irving|TX|750|972 469 214|256
Laredo|TX|780|956|255
Winston-Salem|NC|271|336 743|249
Chesapeake|VA|233|757|249
Glendale|AZ|853|623|248
Garland|TX|750|972 469|246
Scottsdale|AZ|852|480|241
Norfolk|VA|235|757|238
Boise|ID|837|208 986|235
Fremont|CA|945|510|230
Spokane|WA|992|509|228
Santa Clarita|CA|913|661|228
Baton Rouge|LA|708|225|227
Richmond|VA|232|804|226
Hialeah|FL|330|305 786|223
San Bernardino|CA|924|909|222
Tacoma|WA|984|253|219
Modesto|CA|953|209|218
Huntsville|AL|358|256 938|215
Des Moines|IA|503|515|214
Yonkers|NY|107|914|211
Rochester|NY|146|585|211
Moreno Valley|CA|925|951|208
Fayetteville|NC|283|910|208
Fontana|CA|923|909|208
Columbus|GA|319|706 762|206
Worcester|MA|016|508 774|206
Port St. Lucie|FL|349|772|204
Little Rock|AR|722|501|203
Augusta|GA|309|706 762|202
Oxnard|CA|930|805|202
Birmingham|AL|352|205 659|200
Montgomery|AL|361|334|200
Frisco|TX|750|972 469 214|200
Amarillo|TX|791|806|200
Salt Lake City|UT|841|801 385|200
Grand Rapids|MI|495|616|198
Huntington Beach|CA|926|714 657|198
Overland Park|KS|662|913|197
Glendale|CA|912|818 747|196
Tallahassee|FL|323|850|196
Grand Prairie|TX|750|972 469|196
McKinney|TX|750|972 469 214|195
Cape Coral|FL|339|239|194
Sioux Falls|SD|571|605|192
Peoria|AZ|853|623|190
Providence|RI|029|401|190
Vancouver|WA|986|360 564|190
Knoxville|TN|379|865|190
Akron|OH|443|330 234|190
Shreveport|LA|711|318|187
Mobile|AL|366|251|187
Brownsville|TX|785|956|186
Newport News|VA|236|757|186
Fort Lauderdale|FL|333|954 754|182
Chattanooga|TN|374|423|181
Tempe|AZ|852|480|180
Aurora|IL|605|630 331|180
Santa Rosa|CA|954|707|178
Eugene|OR|974|541 458|176
Elk Grove|CA|957|916|176
Salem|OR|973|503 971|175
Ontario|CA|917|909|175
Cary|NC|275|919 984|174
Rancho Cucamonga|CA|917|909|174
Oceanside|CA|920|760 442|174
Lancaster|CA|935|661|173
Garden Grove|CA|928|714 657|171
Pembroke Pines|FL|330|954 754|171
Fort Collins|CO|805|970|169
Palmdale|CA|935|661|169
Springfield|MO|658|417|169
Clarksville|TN|370|931|166
Murfreesboro|TN|371|615 629|152
Salinas|CA|939|831|163
Alexandria|VA|223|703 571|159
Lakewood|CO|802|303 720|155
Hayward|CA|945|510 341|162
Corona|CA|928|951|157
Paterson|NJ|075|973 862|159
Macon|GA|312|478|157
Lakeland|FL|338|863|112
Hollywood|FL|330|954 754|153
Springfield|MA|011|413|155
Sunnyvale|CA|940|408 669|155
Jackson|MS|392|601 769|153
Killeen|TX|765|254|153
Bellevue|WA|980|425|151
Pomona|CA|917|909|151
Escondido|CA|920|760 442|151
Joliet|IL|604|815 779|150
Naperville|IL|605|630 331|149
Rockford|IL|611|815 779|148
Mesquite|TX|751|972 469|150
Savannah|GA|314|912|147
Syracuse|NY|132|315 680|148
Bridgeport|CT|066|203 475|148
Torrance|CA|905|310 424|147
Roseville|CA|956|916|147
Surprise|AZ|853|623|143
Denton|TX|762|940|139
Pasadena|TX|775|713 281 832|151
McAllen|TX|785|956|142
Waco|TX|767|254|138
Kansas City|KS|661|913|156
Pasadena|CA|911|626|138
Orange|CA|928|714 657|139
Fullerton|CA|928|714 657|143
Visalia|CA|932|559|141
Thornton|CO|802|303 720|141
Olathe|KS|660|913|141
Gainesville|FL|326|352|141
West Valley City|UT|841|801 385|140
Hampton|VA|236|757|137
Warren|MI|480|586|139
Dayton|OH|454|937 326|137
Columbia|SC|292|803 839|136
Midland|TX|797|432|132
Stamford|CT|069|203 475|135
Carrollton|TX|750|972 469 214|133
New Haven|CT|065|203 475|134
Charleston|SC|294|843 854|150
Sterling Heights|MI|483|586|134
Cedar Rapids|IA|524|319|137
Elizabeth|NJ|072|908|137
Thousand Oaks|CA|913|805|126
Athens|GA|306|706 762|127
Topeka|KS|666|785|126
Simi Valley|CA|930|805|126
Santa Clara|CA|950|408 669|127
Abilene|TX|796|325|125
Concord|CA|945|925|125
Hartford|CT|061|860 959|121
Victorville|CA|923|760 442|134
Vallejo|CA|945|707|126
Berkeley|CA|947|510 341|124
Allentown|PA|181|610 484|125
Evansville|IN|477|812 930|117
Odessa|TX|797|432|114
Ann Arbor|MI|481|734|123
Provo|UT|846|801 385|115
Lansing|MI|489|517|112
Independence|MO|640|816 975|123
Beaumont|TX|777|409|115
Arvada|CO|800|303 720|124
Round Rock|TX|786|512 737|119
El Monte|CA|917|626|109
Fargo|ND|581|701|125
Norman|OK|730|405|128
Wilmington|NC|284|910|115
Billings|MT|591|406|117
Rochester|MN|559|507|121
Downey|CA|902|562|114
Columbia|MO|652|573|126
Costa Mesa|CA|926|714 657|111
Miami Gardens|FL|330|305 786|111
Pueblo|CO|810|719|111
Lowell|MA|018|978 351|115
Manchester|NH|031|603|115
Green Bay|WI|543|920|107
Inglewood|CA|903|310 424|107
Murrieta|CA|925|951|115
Richmond|CA|948|510 341|116
Burbank|CA|915|818 747|107
Carlsbad|CA|920|760 442|115
Clearwater|FL|337|727|117
Broken Arrow|OK|740|918 539|113
Gresham|OR|970|503 971|114
Temecula|CA|925|951|110
Ventura|CA|930|805|110
Boulder|CO|803|303 720|108
West Palm Beach|FL|334|561|117
Cambridge|MA|021|617 857|118
Antioch|CA|945|925|115
Everett|WA|982|425|111
Fairfield|CA|945|707|119
Wichita Falls|TX|763|940|102
South Bend|IN|466|574|103
Palm Bay|FL|329|321|119
Davie|FL|333|954 754|105
Tyler|TX|757|903 430|106
Daly City|CA|940|650|104
Las Cruces|NM|880|575|111
Edison|NJ|088|732 848|107
Centennial|CO|801|303 720|108
League City|TX|775|281 832|114
Sparks|NV|894|775|108
Greeley|CO|806|970|108
Rialto|CA|923|909|104
Lewisville|TX|750|972 469|111
Sandy Springs|GA|303|404 470 678 770|108
Nampa|ID|836|208 986|100
Erie|PA|165|814|94
Kenosha|WI|531|262|99
Davenport|IA|528|563|101
Hillsboro|OR|971|503 971|106
Jurupa Valley|CA|925|951|105
El Cajon|CA|920|619|106
Woodbridge|NJ|070|732 848|103
Tuscaloosa|AL|354|205 659|99
San Mateo|CA|944|650|105
Spokane Valley|WA|992|509|102
Allen|TX|750|972 469 214|105
Rio Rancho|NM|871|505|104
Lakewood|NJ|087|732 848|135
Yakima|WA|989|509|96
Vacaville|CA|956|707|102
Clovis|CA|936|559|120
Boca Raton|FL|334|561|97
Bend|OR|977|541 458|99
Lawrence|KS|660|785|94
Flint|MI|485|810|81
Albany|NY|122|518 838|99
Quincy|MA|021|617 857|101
Trenton|NJ|086|609 640|90
Portland|ME|041|207|68
Burlington|VT|054|802|45
Wilmington|DE|198|302|71
Dover|DE|199|302|39
Charleston|WV|253|304 681|48
Huntington|WV|257|304 681|46
Cheyenne|WY|820|307|65
Casper|WY|826|307|59
Missoula|MT|598|406|75
Bismarck|ND|585|701|74
Rapid City|SD|577|605|77
Juneau|AK|998|907|32
Fairbanks|AK|997|907|33
Hilo|HI|967|808|44
Concord|NH|033|603|44
Nashua|NH|030|603|91
Bangor|ME|044|207|32
Montpelier|VT|056|802|8
Warwick|RI|028|401|82
Cranston|RI|029|401|82
Newark|DE|197|302|31
Frederick|MD|217|301 240|78
Annapolis|MD|214|410 443|40
Rockville|MD|208|301 240|68
Arlington|VA|222|703 571|238
Roanoke|VA|240|540|100
Harrisburg|PA|171|717 223|50
Scranton|PA|185|570 272|76
Reading|PA|196|610 484|95
Lancaster|PA|176|717 223|58
Asheville|NC|288|828|95
Greenville|SC|296|864|72
Myrtle Beach|SC|295|843 854|36
Bowling Green|KY|421|270 364|72
Youngstown|OH|445|330 234|60
Canton|OH|447|330 234|70
Peoria|IL|616|309|113
Springfield|IL|627|217|114
Champaign|IL|618|217|88
Bloomington|IN|474|812 930|79
Gary|IN|464|219|69
Kalamazoo|MI|490|269|73
Duluth|MN|558|218|87
St. Cloud|MN|563|320|68
Iowa City|IA|522|319|74
Sioux City|IA|511|712|85
Fayetteville|AR|727|479|94
Fort Smith|AR|729|479|89
Lafayette|LA|705|337|121
Lake Charles|LA|706|337|84
Gulfport|MS|395|228|72
Hattiesburg|MS|394|601 769|48
Dothan|AL|363|334|71
Pensacola|FL|325|850|54
Daytona Beach|FL|321|386|72
Sarasota|FL|342|941|57
Naples|FL|341|239|22
Ocala|FL|344|352|63
Flagstaff|AZ|860|928|76
Yuma|AZ|853|928|95
Santa Fe|NM|875|505|88
Ogden|UT|844|801 385|87
St. George|UT|847|435|95
Idaho Falls|ID|834|208 986|64
Pocatello|ID|832|208 986|56
Coeur d'Alene|ID|838|208 986|55
Olympia|WA|985|360 564|55
Bellingham|WA|982|360 564|92
Medford|OR|975|541 458|85
Santa Barbara|CA|931|805|88
Redding|CA|960|530|93
Chico|CA|959|530|103
Santa Cruz|CA|950|831|62
Palo Alto|CA|943|650|68
Mountain View|CA|940|650|82
Santa Monica|CA|904|310 424|91
Palm Springs|CA|922|760 442|48
San Luis Obispo|CA|934|805|47
Napa|CA|945|707|79
Davis|CA|956|530|66
Miami Beach|FL|331|305 786|82
Kissimmee|FL|347|407 321|79
Hoboken|NJ|070|201 551|58
Camden|NJ|081|856|71
Atlantic City|NJ|084|609 640|38
Princeton|NJ|085|609 640|31
New Brunswick|NJ|089|732 848|55
Cherry Hill|NJ|080|856|74
Norwalk|CT|068|203 475|91
Waterbury|CT|067|203 475|114
Danbury|CT|068|203 475|86
New Bedford|MA|027|508 774|101
Brockton|MA|023|508 774|105
Lynn|MA|019|781 339|101
Newton|MA|024|617 857|88
Somerville|MA|021|617 857|81
Framingham|MA|017|508 774|72
Pittsfield|MA|012|413|43
White Plains|NY|106|914|59
New Rochelle|NY|108|914|80
Ithaca|NY|148|607|32
Binghamton|NY|139|607|45
Utica|NY|135|315 680|65
Schenectady|NY|123|518 838|67
Hempstead|NY|115|516|56
Saratoga Springs|NY|128|518 838|28
Bethlehem|PA|180|610 484|75
State College|PA|168|814|40
Morgantown|WV|265|304 681|30
Lynchburg|VA|245|434|79
Charlottesville|VA|229|434|46
Chapel Hill|NC|275|919 984|61
High Point|NC|272|336 743|114
Greenville|NC|278|252|87
Spartanburg|SC|293|864|38
Rock Hill|SC|297|803 839|74
Johnson City|TN|376|423|71
Jackson|TN|383|731|68
Owensboro|KY|423|270 364|60
Covington|KY|410|859|40
Dearborn|MI|481|313|109
Livonia|MI|481|734|95
Troy|MI|480|248 947|87
Saginaw|MI|486|989|44
Traverse City|MI|496|231|15
Oshkosh|WI|549|920|67
Eau Claire|WI|547|715 534|69
La Crosse|WI|546|608|52
Appleton|WI|549|920|75
Racine|WI|534|262|77
Bloomington|MN|554|952|89
Brooklyn Park|MN|554|763|86
Plymouth|MN|554|763|81
Ames|IA|500|515|66
Dubuque|IA|520|563|59
Waterloo|IA|507|319|67
Grand Island|NE|688|308|53
Manhattan|KS|665|785|54
Joplin|MO|648|417|51
St. Joseph|MO|645|816 975|72
Lee's Summit|MO|640|816 975|101
Edmond|OK|730|405|94
Lawton|OK|735|580|90
Conway|AR|720|501|64
Jonesboro|AR|724|870|78
Monroe|LA|712|318|47
Bossier City|LA|711|318|62
Biloxi|MS|395|228|49
Southaven|MS|386|662|55
Auburn|AL|368|334|76
Hoover|AL|352|205 659|92
Decatur|AL|356|256 938|57
Albany|GA|317|229|69
Valdosta|GA|316|229|55
Roswell|GA|300|770 470 678|92
Marietta|GA|300|770 470 678|61
College Station|TX|778|979|120
Bryan|TX|778|979|84
San Marcos|TX|786|512 737|67
New Braunfels|TX|781|830|90
Sugar Land|TX|774|281 832|111
The Woodlands|TX|773|281 832|114
Galveston|TX|775|409|53
Longview|TX|756|903 430|81
Temple|TX|765|254|82
Conroe|TX|773|936|90
Pearland|TX|775|281 832|125
Edinburg|TX|785|956|101
Mission|TX|785|956|85
San Angelo|TX|769|325|99
Victoria|TX|779|361|65
Georgetown|TX|786|512 737|67
Cedar Park|TX|786|512 737|77
Pflugerville|TX|786|512 737|65
Loveland|CO|805|970|76
Grand Junction|CO|815|970|65
Longmont|CO|805|303 720|98
Castle Rock|CO|801|303 720|73
Westminster|CO|800|303 720|116
Carson City|NV|897|775|58
Prescott|AZ|863|928|45
Goodyear|AZ|853|623|95
Roswell|NM|882|575|48
Farmington|NM|874|505|46
Logan|UT|843|435|52
Orem|UT|840|801 385|98
Sandy|UT|840|801 385|96
Meridian|ID|836|208 986|117
Twin Falls|ID|833|208 986|51
Great Falls|MT|594|406|60
Bozeman|MT|597|406|53
Helena|MT|596|406|32
Laramie|WY|820|307|31
Minot|ND|587|701|48
Grand Forks|ND|582|701|59
Kent|WA|980|253|136
Renton|WA|980|425|106
Kirkland|WA|980|425|92
Redmond|WA|980|425|73
Kennewick|WA|993|509|83
Beaverton|OR|970|503 971|97
Corvallis|OR|973|541 458|59
Kailua|HI|967|808|40
Fort Myers|FL|339|239|92
Fort Pierce|FL|349|772|47
Mount Vernon|NY|105|914|73
Saint Charles|MO|633|636|71
"""

# ---------------------------------------------------------------------------
# Embedded tables
# ---------------------------------------------------------------------------

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

STREET_NAMES = """
Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Walnut Sunset Lincoln Jackson Church River
Highland Center Jefferson Madison Adams Franklin Ridge Spring Meadow Forest Willow Cherry Chestnut
Dogwood Hickory Magnolia Poplar Sycamore Birch Spruce Laurel Holly Locust Mill Market Broad Water
Front High School Union Liberty Prospect Pleasant Greenwood Lakeview Hillcrest Woodland Valley
College Railroad Bridge Canyon Mesa Vista Sierra Orchard Brookside Fairview Riverside Summit Harbor
Bay Ocean Shore Beach Heritage Colonial Victoria Kings Queens Cambridge Oxford Windsor Essex Devon
Sheffield Stratford Peachtree Bluebonnet Palmetto Cypress Juniper Aspen Cottonwood Mesquite Sage
Sequoia Redwood Alder Hawthorne Jasmine Lilac Rose Primrose Evergreen Wildwood Sherwood Kensington
Lexington Concord Hamilton Monroe Grant Sherman Roosevelt Kennedy Wilson Taylor Pershing MacArthur
Clay Calhoun Bell Crescent Meridian Garden Grove Spring_Creek Deer_Run Fox_Run Quail_Hollow Old_Mill
Country_Club Mountain_View Cherry_Hill Indian_Trail Stone_Ridge Shady_Oak Twin_Oaks Pebble_Creek
Rolling_Hills Wood_Hollow Cedar_Creek Lake_Shore Olive Pecan Acacia Avalon Bristol Brighton
Chelsea Dover Durham Easton Fulton Gordon Harrison Irving Jordan Kingston Lafayette Marion Newport
Orange Pearl Quincy Regent Salem Trenton Vernon Warren Yale Boone Crockett Houston Austin Travis
Lamar Alamo Commerce Industrial Airport Cemetery Factory Mission Rancho Camino_Real Del_Mar
""".split()
NUMBERED_STREETS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th",
                    "12th", "13th", "14th", "15th", "16th", "17th", "18th", "19th", "20th", "21st",
                    "22nd", "23rd", "24th", "25th", "30th", "34th", "42nd", "51st", "72nd"]
# (full form, USPS abbreviation, weight)
STREET_SUFFIXES = [
    ("Street", "St", 28), ("Avenue", "Ave", 18), ("Road", "Rd", 12), ("Drive", "Dr", 12),
    ("Lane", "Ln", 7), ("Boulevard", "Blvd", 4), ("Court", "Ct", 5), ("Place", "Pl", 3),
    ("Way", "Way", 4), ("Circle", "Cir", 3), ("Parkway", "Pkwy", 2), ("Terrace", "Ter", 1),
    ("Trail", "Trl", 2), ("Highway", "Hwy", 1), ("Loop", "Loop", 1),
]
DIRECTIONS = [("North", "N"), ("South", "S"), ("East", "E"), ("West", "W"),
              ("Northeast", "NE"), ("Northwest", "NW"), ("Southeast", "SE"), ("Southwest", "SW")]

# (domain, weight); custom domains come separately
PROVIDERS = [
    ("gmail.com", 45), ("yahoo.com", 14), ("hotmail.com", 8), ("outlook.com", 7),
    ("icloud.com", 7), ("aol.com", 4), ("comcast.net", 2), ("att.net", 1.5), ("msn.com", 1),
    ("live.com", 1), ("me.com", 1), ("protonmail.com", 0.5), ("verizon.net", 0.5),
    ("sbcglobal.net", 0.5),
]
PROVIDER_TYPOS = {
    "gmail.com": ["gmial.com", "gmai.com", "gamil.com", "gmail.co"],
    "yahoo.com": ["yaho.com", "yahooo.com", "yhoo.com"],
    "hotmail.com": ["hotmial.com", "hotmal.com", "hotmail.co"],
    "outlook.com": ["outlok.com", "outloook.com"],
    "icloud.com": ["iclod.com", "icould.com"],
    "aol.com": ["aol.co", "aoll.com"],
}
BIZ_WORDS_A = """
blue golden little wild maple cedar willow copper silver honey sunny rustic urban north south oak
pine fern moss sage river stone lark wren fox bear birch ivy juniper hazel olive meadow prairie
harbor lantern velvet amber coral indigo saffron cobalt misty lucky happy cozy bright simple
""".split()
BIZ_WORDS_B = """
studio crafts designs makers goods co workshop creative boutique collective home farm bakery
candles pottery press paper threads knits leather woodworks atelier supply market gallery
wellness yoga fitness beauty photo media kitchen garden apothecary jewelry
""".split()
BIZ_TLDS = [(".com", 70), (".co", 10), (".net", 6), (".shop", 5), (".studio", 3), (".us", 3),
            (".org", 3)]
GENERIC_BOXES = ["info", "hello", "contact", "orders", "shop", "team", "studio", "office"]
PLUS_TAGS = ["etsy", "shop", "promo", "ambassador", "news", "brand", "amb", "insta", "deals",
             "2024", "signup"]
HOBBY = ["makes", "crafts", "creates", "designs", "studio", "art", "bakes", "knits", "fit",
         "style", "home", "life", "photo", "eats", "travels", "diy"]

# Common nickname forms: among a name's nicknames in the nickname file these
# are 20 times as likely as the rest (so Robert is Bob, Rob or Bobby, rarely
# Dobbin).
COMMON_NICKNAMES = set("""
bob rob bobby robbie bill will billy willie jim jimmy jamie mike mikey dave davey chris matt dan
danny joe joey tom tommy tony steve stevie jeff ken kenny greg rick ricky rich richie dick ron
ronnie don donnie andy drew nick nicky pat patty ed eddie ted teddy ben benny sam sammy alex al
nate zach zack josh jon johnny jack jake charlie chuck frank frankie fred freddie gene gerry jerry
larry len lenny phil ray russ stan tim timmy vic walt wes abby allie ally angie annie barb becky
becca beth betsy betty cathy kathy katie kate kat cindy chrissy debbie deb jen jenny jenn jess
jessie jill julie kim kimmy kris liz lizzie libby lisa maggie meg mandy mel missy molly nikki
pam patti trish tricia sandy sue susie suzie terri tina val vicky vickie tori steph sally nancy
dottie pete gabe herb hank harry max ollie randy rod seth cassie chelle shelly kelli toni dani
gina jackie jo josie lexi liza manda mattie nat rosie sam tash trina vinny manny cal doug greg
ed ernie gil hal ike izzy lou mick mo nat nate ned ozzie quin reggie rudy sid tad theo tobe vin
zeke alex ali ally andi bea bev bonnie carrie cher connie dana dee di dot ellie em fran gail ginny
hattie izzy jan jo kat kay kit lena lucy lyn madge marge meg millie mindy nell nettie peggy penny
polly rita ronnie roz sadie sherry sis tess tilly trudy winnie
""".split())

KEY_NEIGHBORS = {
    "q": "wa", "w": "qeas", "e": "wrsd", "r": "etdf", "t": "ryfg", "y": "tugh", "u": "yihj",
    "i": "uojk", "o": "ipkl", "p": "ol", "a": "qwsz", "s": "awedxz", "d": "serfcx", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "j": "huikmn", "k": "jiolm", "l": "kop", "z": "asx", "x": "zsdc",
    "c": "xdfv", "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}

SOURCES = ["crm", "sheet", "events", "email"]
SOURCE_WEIGHTS = [0.35, 0.30, 0.20, 0.15]
# P(empty) by source: email, phone, handle, address, birth_date
MISSING = {
    "crm": (0.04, 0.10, 0.30, 0.08, 0.20),
    "sheet": (0.10, 0.25, 0.40, 0.20, 0.35),
    "email": (0.00, 0.70, 0.60, 0.75, 0.70),
    "events": (0.06, 0.30, 0.50, 0.50, 0.80),
}
DUP_COUNT_CUM = [0.72, 0.90, 0.97, 1.00]          # 1, 2, 3, 4 duplicates
P_OTHER_SOURCE = 0.85

MALE_TITLES = ["Mr.", "Mr", "Dr.", "Dr", "Prof."]
MALE_TITLE_CUM = [0.55, 0.75, 0.92, 0.97, 1.0]
FEMALE_TITLES = ["Ms.", "Mrs.", "Ms", "Miss", "Dr.", "Dr", "Prof."]
FEMALE_TITLE_CUM = [0.35, 0.60, 0.70, 0.78, 0.93, 0.98, 1.0]
GEN_SUFFIXES = ["Jr.", "Jr", "Sr.", "II", "III"]
GEN_SUFFIX_CUM = [0.45, 0.65, 0.80, 0.92, 1.0]
MIDDLE_INITIALS = "ABCDEFGHIJKLMNOPRSTVW"
MIDDLE_WEIGHTS = [10, 5, 6, 6, 9, 3, 3, 2, 2, 9, 3, 10, 12, 3, 2, 4, 8, 6, 4, 2, 3]

# Host names a handle must never equal (handle.h rule 6), and the profile
# paths that are not accounts (rule 4), for the URL forms we write.
HANDLE_HOSTS = {"instagram.com", "www.instagram.com", "m.instagram.com", "instagr.am",
                "www.instagr.am", "tiktok.com", "www.tiktok.com", "m.tiktok.com", "x.com",
                "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com",
                "mobile.twitter.com", "m.twitter.com", "youtube.com", "www.youtube.com",
                "m.youtube.com", "facebook.com", "fb.com", "pin.it", "youtu.be"}
SITE_PATHS = {"p", "reel", "reels", "tv", "stories", "explore", "accounts", "i", "home",
              "search", "intent", "hashtag", "share", "settings", "about", "help", "login",
              "signup", "direct", "web", "developer", "legal", "privacy", "terms"}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def zipf_cum(n, s, b):
    """Cumulative Zipf-Mandelbrot weights (rank + b)^-s for ranks 1..n."""
    cum = []
    t = 0.0
    for r in range(1, n + 1):
        t += (r + b) ** -s
        cum.append(t)
    return cum


def cumulate(weights):
    cum = []
    t = 0.0
    for w in weights:
        t += w
        cum.append(t)
    return cum


def alnum_lower(s):
    """Lower-case ASCII letters and digits of s ("O'Brien" -> "obrien")."""
    return "".join(c for c in s.lower() if c.isascii() and c.isalnum())


def good_dot_atom(s):
    """A local part / handle shape: no dot first, last or doubled."""
    return bool(s) and s[0] != "." and s[-1] != "." and ".." not in s


def load_nicknames(path):
    """name1 -> list of name2 from amb's nickname file (lower case)."""
    nick = {}
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd, None)
        if header is None or len(header) < 3:
            raise ValueError("%s: expected a header name1,relationship,name2" % path)
        for row in rd:
            if len(row) < 3 or row[1] != "has_nickname":
                continue
            n2 = row[2].strip().lower()
            if n2.isalpha() and n2.isascii():
                nick.setdefault(row[0].strip().lower(), []).append(n2)
    return nick


class Generator:
    """All random draws come from one random.Random(seed), in a fixed order."""

    def __init__(self, seed, nicknames):
        self.rng = rng = random.Random(seed)
        self.rnd = rnd = rng.random

        self.male = [n.replace("_", " ") for n in GIVEN_MALE]
        self.female = [n.replace("_", " ") for n in GIVEN_FEMALE]
        self.surnames = [n.replace("_", " ") for n in SURNAMES]
        self.male_cum = zipf_cum(len(self.male), 1.0, 6.0)
        self.female_cum = zipf_cum(len(self.female), 1.0, 6.0)
        self.sur_cum = zipf_cum(len(self.surnames), 0.84, 9.5)
        self.key = {}                               # name -> alnum lower
        for n in self.male + self.female + self.surnames:
            self.key[n] = alnum_lower(n)

        # nicknames: given name -> (choices, cumulative weights)
        self.nick = {}
        for n in self.male + self.female:
            opts = nicknames.get(n.lower())
            if not opts:
                continue
            opts = sorted(set(o for o in opts if o != n.lower()))
            if not opts:
                continue
            w = [20.0 if o in COMMON_NICKNAMES else 1.0 for o in opts]
            self.nick[n] = ([o.capitalize() for o in opts], cumulate(w))

        self.cities = []
        for line in CITIES.strip().splitlines():
            name, st, zips, areas, pop = line.split("|")
            self.cities.append((name, st, zips.split(), areas.split(), float(pop)))
        self.city_cum = cumulate([c[4] ** 0.9 for c in self.cities])
        self.all_areas = sorted({a for c in self.cities for a in c[3]})
        for a in self.all_areas:
            assert a[0] in "23456789" and a[1:] != "11", a
        self.city_alt = {}
        for c in self.cities:
            n = c[0]
            alt = None
            if n.startswith("St. "):
                alt = "Saint " + n[4:]
            elif n.startswith("Saint "):
                alt = "St. " + n[6:]
            elif " St. " in n:
                alt = n.replace(" St. ", " Saint ")
            elif n.startswith("Fort "):
                alt = "Ft. " + n[5:]
            elif n.startswith("Mount "):
                alt = "Mt. " + n[6:]
            if alt:
                self.city_alt[n] = alt

        self.streets = [s.replace("_", " ") for s in STREET_NAMES]
        self.street_cum = zipf_cum(len(self.streets), 0.6, 5.0)
        self.suffix_cum = cumulate([w for _, _, w in STREET_SUFFIXES])
        self.prov = [p for p, _ in PROVIDERS]
        self.prov_cum = cumulate([w for _, w in PROVIDERS])
        self.tld_cum = cumulate([w for _, w in BIZ_TLDS])
        self.mid_cum = cumulate(MIDDLE_WEIGHTS)
        years = list(range(1950, 2008))
        self.years = years
        self.year_cum = cumulate([2.718281828 ** (-(((y - 1990) / 13.0) ** 2)) + 0.08
                                  for y in years])
        # a fixed pool of small-business domains (shared generic boxes live here)
        self.biz = []
        seen = set()
        while len(self.biz) < 600:
            a = BIZ_WORDS_A[int(rnd() * len(BIZ_WORDS_A))]
            b = BIZ_WORDS_B[int(rnd() * len(BIZ_WORDS_B))]
            sep = "-" if rnd() < 0.15 else ""
            d = a + sep + b + BIZ_TLDS[bisect.bisect(self.tld_cum, rnd() * self.tld_cum[-1])][0]
            if d not in seen:
                seen.add(d)
                self.biz.append(d)
        self.used_email = set()                     # canonical forms of personal addresses
        self.used_handle = set()

    # -- primitive draws --------------------------------------------------

    def pick(self, items, cum, _bisect=bisect.bisect):
        return items[_bisect(cum, self.rnd() * cum[-1])]

    def digits(self, n):
        """n random decimal digits, the first not 0."""
        lo = 10 ** (n - 1)
        return str(lo + int(self.rnd() * 9 * lo))

    def typo(self, s):
        """One keyboard typo in the letters of s (s returned if it is too short)."""
        rnd = self.rnd
        n = len(s)
        if n < 3:
            return s
        op = rnd()
        if op >= 0.80:                              # transpose s[p], s[p+1], p >= 1
            p = 1 + int(rnd() * (n - 2))
            a, b = s[p], s[p + 1]
            if a == b or not (a.isalpha() and b.isalpha()):
                return s
            return s[:p] + b + a + s[p + 2:]
        p = int(rnd() * n) if rnd() < 0.1 else 1 + int(rnd() * (n - 1))
        ch = s[p]
        if not ch.isascii() or not ch.isalpha():
            return s
        if op < 0.30:                               # substitute a neighbour
            nb = KEY_NEIGHBORS[ch.lower()]
            c = nb[int(rnd() * len(nb))]
            return s[:p] + (c.upper() if ch.isupper() else c) + s[p + 1:]
        if op < 0.55:                               # delete
            return s[:p] + s[p + 1:]
        if rnd() < 0.5:                             # insert: double the letter
            c = ch.lower() if p > 0 else ch
        else:                                       # insert: neighbour
            nb = KEY_NEIGHBORS[ch.lower()]
            c = nb[int(rnd() * len(nb))]
            if s.isupper():
                c = c.upper()
        if p == 0:
            return s[0] + c.lower() + s[1:]
        return s[:p] + c + s[p:]

    # -- entity ------------------------------------------------------------

    def person_email(self, given, surname, mi, year, nick):
        """A personal address not used by anyone else (canonically), or a shared one."""
        rnd = self.rnd
        g = self.key[given]
        l = self.key[surname]
        r = rnd()
        if r < 0.004:                               # family address, shared by same surname
            local = ("the" + l + "family") if rnd() < 0.6 else (l + "family")
            dom = self.pick(self.prov, self.prov_cum)
            return local + "@" + dom
        if r < 0.007:                               # a shop's generic box
            return GENERIC_BOXES[int(rnd() * len(GENERIC_BOXES))] + "@" + \
                self.biz[int(rnd() * len(self.biz))]
        if rnd() < 0.92:
            dom = self.pick(self.prov, self.prov_cum)
        elif rnd() < 0.4:
            dom = g + l + (".com" if rnd() < 0.8 else ".net")
        else:
            dom = self.biz[int(rnd() * len(self.biz))]
        if nick is not None and rnd() < 0.25:
            g = nick.lower()
        r = rnd()
        if r < 0.22:
            local = g + "." + l
        elif r < 0.36:
            local = g + l
        elif r < 0.48:
            local = g[0] + l
        elif r < 0.55:
            local = g + "_" + l
        elif r < 0.60:
            local = g + "." + mi.lower() + "." + l if mi else g + "." + l
        elif r < 0.66:
            local = l + "." + g
        elif r < 0.72:
            local = l + g[0]
        elif r < 0.80:
            local = g + l[0]
        elif r < 0.88:
            local = g
        elif r < 0.94:
            local = g + HOBBY[int(rnd() * len(HOBBY))]
        else:
            local = g[0] + (mi.lower() if mi else "") + l
        r = rnd()
        if r < 0.22:
            local += str(year % 100).zfill(2)
        elif r < 0.30:
            local += str(year)
        elif r < 0.50:
            local += self.digits(1 + int(rnd() * 3))
        gmail = dom == "gmail.com"
        for _ in range(20):
            canon = (local.replace(".", "") if gmail else local) + "@" + dom
            if canon not in self.used_email:
                self.used_email.add(canon)
                return local + "@" + dom
            local += self.digits(1 + int(rnd() * 2))
        return local + "@" + dom

    def person_handle(self, given, surname, year, nick):
        rnd = self.rnd
        g = self.key[given]
        l = self.key[surname]
        if nick is not None and rnd() < 0.3:
            g = nick.lower()
        r = rnd()
        if r < 0.20:
            h = g + l
        elif r < 0.32:
            h = g + "." + l
        elif r < 0.44:
            h = g + "_" + l
        elif r < 0.56:
            h = g + HOBBY[int(rnd() * len(HOBBY))]
        elif r < 0.64:
            h = "the" + g + l
        elif r < 0.72:
            h = g + "_" + HOBBY[int(rnd() * len(HOBBY))]
        elif r < 0.80:
            h = l + BIZ_WORDS_B[int(rnd() * len(BIZ_WORDS_B))]
        elif r < 0.88:
            h = BIZ_WORDS_A[int(rnd() * len(BIZ_WORDS_A))] + "." + g
        else:
            h = g + "." + l[0]
        r = rnd()
        if r < 0.25:
            h += str(year % 100).zfill(2)
        elif r < 0.45:
            h += self.digits(1 + int(rnd() * 3))
        h = h[:26].rstrip("._")
        for _ in range(20):
            if h not in self.used_handle and h not in SITE_PATHS and h not in HANDLE_HOSTS \
                    and len(h) >= 3:
                self.used_handle.add(h)
                return h
            h = (h[:24] + ("_" if rnd() < 0.3 else "") + self.digits(1 + int(rnd() * 2)))
        return h

    def phone(self, city):
        rnd = self.rnd
        if rnd() < 0.8:
            areas = city[3]
            npa = areas[int(rnd() * len(areas))]
        else:
            npa = self.all_areas[int(rnd() * len(self.all_areas))]
        if rnd() < 0.002:
            nxx = "555"
        else:
            while True:
                nxx = str(200 + int(rnd() * 800))
                if nxx[1:] != "11" and nxx != "555":
                    break
        return npa + nxx + str(int(rnd() * 10000)).zfill(4)

    def address(self):
        """(house, direction index or -1, street, suffix index or -1, unit or '')"""
        rnd = self.rnd
        if rnd() < 0.08:
            house = str(10000 + int(rnd() * 20000))
        else:
            house = str(int(10 ** (rnd() * 4)))
        d = int(rnd() * len(DIRECTIONS)) if rnd() < 0.12 else -1
        if rnd() < 0.10:
            street = NUMBERED_STREETS[int(rnd() * len(NUMBERED_STREETS))]
        else:
            street = self.pick(self.streets, self.street_cum)
        suf = bisect.bisect(self.suffix_cum, rnd() * self.suffix_cum[-1])
        unit = ""
        if rnd() < 0.15:
            num = str(1 + int(rnd() * 450))
            if rnd() < 0.25:
                num += "ABCDEF"[int(rnd() * 6)]
            r = rnd()
            unit = ("Apt " if r < 0.6 else "Unit " if r < 0.85 else "Suite " if r < 0.9 else "#") \
                + num
        return (house, d, street, suf, unit)

    def place(self):
        """(city tuple, zip5, plus4)"""
        rnd = self.rnd
        city = self.pick(self.cities, self.city_cum)
        zips = city[2]
        z3 = zips[int(rnd() * len(zips))]
        zip5 = z3 + str(1 + int(rnd() * 99)).zfill(2)
        plus4 = str(1 + int(rnd() * 9999)).zfill(4)
        return city, zip5, plus4

    def entity(self, eid):
        rnd = self.rnd
        male = rnd() < 0.5
        if male:
            given = self.pick(self.male, self.male_cum)
        else:
            given = self.pick(self.female, self.female_cum)
        surname = self.pick(self.surnames, self.sur_cum)
        mi = self.pick(MIDDLE_INITIALS, self.mid_cum) if rnd() < 0.40 else ""
        gsuf = GEN_SUFFIXES[bisect.bisect(GEN_SUFFIX_CUM, rnd())] if male and rnd() < 0.05 else ""
        year = self.pick(self.years, self.year_cum)
        month = 1 + int(rnd() * 12)
        day = 1 + int(rnd() * days_in_month(year, month))
        nk = self.nick.get(given)
        nick = self.pick(nk[0], nk[1]) if nk is not None else None
        email = self.person_email(given, surname, mi, year, nick)
        city, zip5, plus4 = self.place()
        phone = self.phone(city)
        handle = self.person_handle(given, surname, year, nick) if rnd() < 0.40 else ""
        addr = self.address()
        return {
            "id": eid, "male": male, "given": given, "surname": surname, "mi": mi,
            "gsuf": gsuf, "birth": (year, month, day), "email": email, "phone": phone,
            "handle": handle, "addr": addr, "city": city, "zip5": zip5, "plus4": plus4,
        }

    # -- rendering ------------------------------------------------------------

    def render_name(self, e, dup):
        rnd = self.rnd
        given = e["given"]
        surname = e["surname"]
        nk = self.nick.get(given)
        if nk is not None and rnd() < (0.12 if dup else 0.04):
            given = self.pick(nk[0], nk[1])
        if dup:
            if rnd() < 0.04:
                given = self.typo(given)
            if rnd() < 0.05:
                surname = self.typo(surname)
            if not e["male"] and rnd() < 0.02:
                other = self.pick(self.surnames, self.sur_cum)
                surname = other if rnd() < 0.6 else surname + "-" + other
        mi = e["mi"]
        if mi and rnd() < 0.35:
            first = given + " " + (mi + "." if rnd() < 0.7 else mi)
        else:
            first = given
        gsuf = e["gsuf"] if e["gsuf"] and rnd() < 0.6 else ""
        r = rnd()
        if r < 0.66:
            name = first + " " + surname
            if gsuf:
                name += (", " if rnd() < 0.3 else " ") + gsuf
        elif r < 0.78:
            name = surname + (" " + gsuf if gsuf else "") + ", " + first
        elif r < 0.83:
            name = (first + " " + surname + (" " + gsuf if gsuf else "")).upper()
        elif r < 0.85:
            name = (surname + (" " + gsuf if gsuf else "")).upper() + ", " + first
        elif r < 0.88:
            name = (first + " " + surname).lower()
        elif r < 0.95:
            if e["male"]:
                t = MALE_TITLES[bisect.bisect(MALE_TITLE_CUM, rnd())]
            else:
                t = FEMALE_TITLES[bisect.bisect(FEMALE_TITLE_CUM, rnd())]
            name = t + " " + first + " " + surname + (" " + gsuf if gsuf else "")
        else:
            name = first + "  " + surname + (" " + gsuf if gsuf else "")
            if rnd() < 0.5:
                name = " " + name + " "
        return name

    def render_email(self, e, dup):
        rnd = self.rnd
        addr = e["email"]
        if dup:
            r = rnd()
            if r < 0.12:                            # another mailbox altogether
                nk = self.nick.get(e["given"])
                nick = self.pick(nk[0], nk[1]) if nk is not None else None
                addr = self.person_email(e["given"], e["surname"], e["mi"], e["birth"][0], nick)
            elif r < 0.13:                          # a typo: also another mailbox
                local, dom = addr.split("@")
                if rnd() < 0.5 and dom in PROVIDER_TYPOS:
                    t = PROVIDER_TYPOS[dom]
                    dom = t[int(rnd() * len(t))]
                else:
                    l2 = self.typo(local)
                    if good_dot_atom(l2):
                        local = l2
                addr = local + "@" + dom
            else:                                   # same mailbox, written differently
                local, dom = addr.split("@")
                if dom == "gmail.com":
                    if rnd() < 0.30:
                        local = gmail_dots(local.replace(".", ""), rnd)
                    if rnd() < 0.02:
                        dom = "googlemail.com"
                if rnd() < 0.08:
                    local += "+" + PLUS_TAGS[int(rnd() * len(PLUS_TAGS))]
                addr = local + "@" + dom
        r = rnd()
        if r < 0.10:
            if r < 0.05:
                addr = addr.upper() if r < 0.015 else mixed_case_email(addr)
            elif r < 0.07:
                addr = ("mailto:" if r < 0.065 else "MAILTO:") + addr
            elif r < 0.09:
                addr = e["given"] + " " + e["surname"] + " <" + addr + ">"
            else:
                addr = " " + addr + " "
        return addr

    def render_phone(self, digits10):
        rnd = self.rnd
        a, b, c = digits10[:3], digits10[3:6], digits10[6:]
        r = rnd()
        if r < 0.30:
            s = "(" + a + ") " + b + "-" + c
        elif r < 0.54:
            s = a + "-" + b + "-" + c
        elif r < 0.64:
            s = a + "." + b + "." + c
        elif r < 0.74:
            s = digits10
        elif r < 0.82:
            s = "+1 " + a + " " + b + " " + c
        elif r < 0.86:
            s = "+1-" + a + "-" + b + "-" + c
        elif r < 0.91:
            s = "1-" + a + "-" + b + "-" + c
        elif r < 0.96:
            s = "+1" + digits10
        elif r < 0.99:
            s = "(" + a + ")" + b + "-" + c
        else:
            s = "1 (" + a + ") " + b + "-" + c
        if rnd() < 0.02:
            r = rnd()
            ext = str(1 + int(rnd() * 999))
            s += (" x" if r < 0.5 else " ext. " if r < 0.75 else " ext " if r < 0.9 else " #") + ext
        return s

    def render_handle(self, h):
        rnd = self.rnd
        if rnd() < 0.05:
            h = h.capitalize() if rnd() < 0.7 else h.upper()
        r = rnd()
        if r < 0.45:
            return h
        if r < 0.75:
            return "@" + h
        if r < 0.90 or (r >= 0.95 and "." in h):   # Instagram (X does not allow ".")
            r2 = rnd()
            if r2 < 0.40:
                return "https://www.instagram.com/" + h + "/"
            if r2 < 0.60:
                return "https://instagram.com/" + h
            if r2 < 0.80:
                return "instagram.com/" + h
            if r2 < 0.90:
                return "http://instagram.com/" + h + "/?hl=en"
            return "www.instagram.com/" + h
        if r < 0.95:
            return ("https://www.tiktok.com/@" if rnd() < 0.7 else "tiktok.com/@") + h
        return ("https://x.com/" if rnd() < 0.6 else "https://twitter.com/") + h

    def render_address(self, addr, dup):
        rnd = self.rnd
        house, d, street, suf, unit = addr
        if dup:
            if rnd() < 0.03 and not street[0].isdigit():
                street = self.typo(street)
            if rnd() < 0.01 and len(house) >= 2:
                p = int(rnd() * (len(house) - 1))
                h2 = house[:p] + house[p + 1] + house[p] + house[p + 2:]
                if h2[0] != "0":
                    house = h2
            if unit and rnd() < 0.30:
                unit = ""
        parts = [house]
        if d >= 0:
            full, ab = DIRECTIONS[d]
            r = rnd()
            parts.append(full if r < 0.3 else ab if r < 0.8 else ab + ".")
        parts.append(street)
        full, ab, _ = STREET_SUFFIXES[suf]
        r = rnd()
        parts.append(full if r < 0.45 else ab if (r < 0.85 or ab == full) else ab + ".")
        line = " ".join(parts)
        if unit:
            if unit[0] == "#":
                u = unit
            else:
                kind, num = unit.split(" ")
                r = rnd()
                if r < 0.45:
                    u = unit
                elif r < 0.65:
                    u = kind + ". " + num if kind == "Apt" else unit
                elif r < 0.85:
                    u = "#" + num
                else:
                    u = kind + " #" + num
            line += (", " if rnd() < 0.3 else " ") + u
        if rnd() < 0.04:
            line = line.upper()
        return line

    def render_row(self, e, source, dup):
        """The fields of one row, legacy_id left out (assigned when written)."""
        rnd = self.rnd
        m_email, m_phone, m_handle, m_addr, m_birth = MISSING[source]
        name = self.render_name(e, dup)

        email = "" if rnd() < m_email else self.render_email(e, dup)

        if rnd() < m_phone:
            phone = ""
        else:
            digits10 = e["phone"]
            if dup:
                if rnd() < 0.08:
                    digits10 = self.phone(e["city"])
                elif rnd() < 0.01:
                    p = 6 + int(rnd() * 3)
                    digits10 = digits10[:p] + digits10[p + 1] + digits10[p] + digits10[p + 2:]
            phone = self.render_phone(digits10)

        handle = ""
        if e["handle"] and rnd() >= m_handle:
            h = e["handle"]
            if dup and rnd() < 0.08:
                h = self.person_handle(e["given"], e["surname"], e["birth"][0], None)
            handle = self.render_handle(h)

        if rnd() < m_addr:
            line = city_s = postal = region = ""
        else:
            addr, city, zip5, plus4 = e["addr"], e["city"], e["zip5"], e["plus4"]
            if dup and rnd() < 0.06:                # moved house
                addr = self.address()
                if rnd() < 0.5:
                    zips = city[2]
                    zip5 = zips[int(rnd() * len(zips))] + str(1 + int(rnd() * 99)).zfill(2)
                    plus4 = str(1 + int(rnd() * 9999)).zfill(4)
                else:
                    city, zip5, plus4 = self.place()
            line = "" if rnd() < 0.02 else self.render_address(addr, dup)
            if rnd() < 0.02:
                city_s = ""
            else:
                city_s = city[0]
                alt = self.city_alt.get(city_s)
                if alt is not None and rnd() < 0.25:
                    city_s = alt
                if dup and rnd() < 0.04:
                    city_s = self.typo(city_s)
                if rnd() < 0.04:
                    city_s = city_s.upper()
            if rnd() < 0.02:
                postal = ""
            else:
                if dup and rnd() < 0.005:
                    p = 3 + int(rnd() * 2)
                    zip5 = zip5[:p] + str((int(zip5[p]) + 1 + int(rnd() * 9)) % 10) + zip5[p + 1:]
                r = rnd()
                postal = zip5 + "-" + plus4 if r < 0.20 else zip5 + plus4 if r < 0.21 else zip5
            r = rnd()
            st = city[1]
            if r < 0.02:
                region = ""
            elif r < 0.74:
                region = st
            elif r < 0.94:
                region = STATES[st]
            elif r < 0.96:
                region = st.lower()
            else:
                region = ""

        r = rnd()
        country = ("US" if r < 0.55 else "USA" if r < 0.70 else "United States" if r < 0.82
                   else "U.S.A." if r < 0.84 else "")

        if rnd() < m_birth:
            birth = ""
        else:
            y, m, d = e["birth"]
            if dup:
                if rnd() < 0.02 and d <= 12 and d != m:
                    m, d = d, m
                if rnd() < 0.01:
                    y2 = y + (1 if rnd() < 0.5 else -1)
                    if 1950 <= y2 <= 2007:
                        y = y2
                if rnd() < 0.01:
                    d = d + 1 if d < days_in_month(y, m) else d - 1
                if d > days_in_month(y, m):
                    d = days_in_month(y, m)
            birth = "%04d-%02d-%02d" % (y, m, d)

        return [source, name, email, phone, handle, line, city_s, postal, region, country,
                birth, e["id"]]


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def gmail_dots(local, rnd):
    """Put 0..2 dots between the characters of a dotless gmail local part."""
    n = len(local)
    if n < 4:
        return local
    k = int(rnd() * 3)
    cuts = sorted({1 + int(rnd() * (n - 1)) for _ in range(k)})
    out = []
    prev = 0
    for c in cuts:
        out.append(local[prev:c])
        prev = c
    out.append(local[prev:])
    return ".".join(out)


def mixed_case_email(addr):
    """Robert.Smith@Gmail.com: capitalise each dot/at-separated part."""
    out = []
    up = True
    for ch in addr:
        out.append(ch.upper() if up else ch)
        up = ch in ".@_"
    return "".join(out)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

HEADER = ["source", "legacy_id", "display_name", "email", "phone", "handle", "address_line",
          "city", "postal_code", "region", "country", "birth_date", "entity_id"]


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Synthetic ambassador records for dedup benchmarks.")
    ap.add_argument("--rows", type=int, default=1000000, help="rows to write (default 1000000)")
    ap.add_argument("--dup-rate", type=float, default=0.20,
                    help="share of rows that duplicate an earlier person (0..0.5, default 0.20)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", required=True, help="CSV file to write ('-' for stdout)")
    ap.add_argument("--truth", help="write legacy_id_a,legacy_id_b for every true duplicate pair")
    ap.add_argument("--nicknames", default=os.path.join(here, "..", "data", "nicknames",
                                                        "names.csv"),
                    help="amb's nickname file (default ../data/nicknames/names.csv)")
    args = ap.parse_args(argv)
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    if not 0.0 <= args.dup_rate <= 0.5:
        ap.error("--dup-rate must be between 0 and 0.5")
    try:
        nicknames = load_nicknames(args.nicknames)
    except (OSError, ValueError) as ex:
        ap.error("cannot read the nickname file: %s (give --nicknames)" % ex)

    t0 = time.perf_counter()
    gen = Generator(args.seed, nicknames)
    rng = gen.rng
    rnd = gen.rnd

    n_rows = args.rows
    n_dup = round(n_rows * args.dup_rate)
    n_ent = n_rows - n_dup

    # plan: how many duplicates each duplicated entity gets, and which entities
    counts = []
    left = n_dup
    while left > 0:
        k = 1 + bisect.bisect(DUP_COUNT_CUM, rnd())
        k = min(k, left)
        counts.append(k)
        left -= k
    if len(counts) > n_ent:
        ap.error("--dup-rate too high for --rows")
    chosen = rng.sample(range(n_ent), len(counts))
    dup_of = dict(zip(chosen, counts))

    src_cum = cumulate(SOURCE_WEIGHTS)
    counter = {s: 0 for s in SOURCES}
    width = max(6, len(str(n_rows - 1)))          # "crm-000123"; no source can have more
    groups = {}                                     # entity id -> legacy ids, duplicated only
    pending = []                                    # heap (slot, seq, row)
    seq = 0
    heappush = heapq.heappush
    heappop = heapq.heappop

    out = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8",
                                                  buffering=1 << 20)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    writerow = w.writerow

    for i in range(n_ent):
        e = gen.entity(i + 1)
        src = SOURCES[bisect.bisect(src_cum, rnd())]
        row = gen.render_row(e, src, False)
        counter[src] += 1
        lid = "%s-%0*d" % (src, width, counter[src])
        row.insert(1, lid)
        writerow(row)
        k = dup_of.get(i)
        if k:
            groups[i + 1] = [lid]
            for _ in range(k):
                if rnd() < P_OTHER_SOURCE:
                    while True:
                        s2 = SOURCES[bisect.bisect(src_cum, rnd())]
                        if s2 != src:
                            break
                else:
                    s2 = src
                slot = i + int(rnd() * (n_ent - i))
                heappush(pending, (slot, seq, gen.render_row(e, s2, True)))
                seq += 1
        while pending and pending[0][0] == i:
            row = heappop(pending)[2]
            s2 = row[0]
            counter[s2] += 1
            lid = "%s-%0*d" % (s2, width, counter[s2])
            row.insert(1, lid)
            writerow(row)
            groups[row[-1]].append(lid)
    assert not pending
    if out is not sys.stdout:
        out.close()

    n_pairs = 0
    tf = open(args.truth, "w", newline="", encoding="utf-8", buffering=1 << 20) \
        if args.truth else None
    if tf:
        tf.write("legacy_id_a,legacy_id_b\n")
    for ids in groups.values():
        k = len(ids)
        n_pairs += k * (k - 1) // 2
        if tf:
            for a in range(k):
                for b in range(a + 1, k):
                    tf.write(ids[a] + "," + ids[b] + "\n")
    if tf:
        tf.close()

    dt = time.perf_counter() - t0
    print("gen_ambassadors: seed %d: %d rows, %d entities, %d duplicate rows "
          "(%d entities with duplicates), %d pairs in truth; by source %s; %.1f s (%.0f rows/s)"
          % (args.seed, n_rows, n_ent, n_dup, len(groups), n_pairs,
             " ".join("%s=%d" % (s, counter[s]) for s in SOURCES), dt, n_rows / dt if dt else 0),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
