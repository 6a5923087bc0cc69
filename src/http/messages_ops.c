/*
 * messages_ops.c - the Dutch of the API's problem texts about running
 * signaal: a full or read-only database, the field keys and their
 * rotation, the checks of a request's bytes, an organisation's
 * municipality, a request of subject access.  Part of the table of lang.h, with the same rules as
 * messages.c: one entry per English text, "%s" for a part.
 */
#include "http/lang.h"

const http_message http_messages_ops[] = {
    {"Database full", "Database vol"},
    {"The database's disk is full, so nothing can be stored or recorded now; nothing was changed. "
     "Reads that would have to be recorded in the audit trail are refused too. Try again later.",
     "De schijf van de database is vol, dus er kan nu niets worden opgeslagen of vastgelegd; er is "
     "niets veranderd. Wat gelezen wordt, moet in het auditspoor komen, dus ook lezen kan nu niet. "
     "Probeer het later opnieuw."},
    {"Database read-only", "Database alleen-lezen"},
    {"The database cannot be written at the moment (its disk or server is read-only), so nothing "
     "can be stored or recorded; nothing was changed. Reads that would have to be recorded in the "
     "audit trail are refused too. Try again later.",
     "Er kan nu niet in de database worden geschreven (de schijf of server is alleen-lezen), dus "
     "er "
     "kan niets worden opgeslagen of vastgelegd; er is niets veranderd. Wat gelezen wordt, moet in "
     "het auditspoor komen, dus ook lezen kan nu niet. Probeer het later opnieuw."},
    {"Send requireMfa or municipality.", "Stuur requireMfa of municipality mee."},
    {"The address holds bytes that are not UTF-8 text.",
     "Het adres bevat bytes die geen UTF-8-tekst zijn."},
    {"A query parameter holds bytes that are not UTF-8 text.",
     "Een queryparameter bevat bytes die geen UTF-8-tekst zijn."},
    {"The body holds a NUL byte.", "De inhoud van het verzoek bevat een NUL-byte."},
    {"only a municipality's organisation has one",
     "alleen de organisatie van een gemeente heeft er een"},
    {"no regions data is published yet", "er zijn nog geen gegevens over regio's gepubliceerd"},
    {"a municipality as the published regions data lists it",
     "een gemeente zoals de gepubliceerde gegevens over regio's haar noemen"},
    {"the new key is not registered", "de nieuwe sleutel is niet geregistreerd"},
    {"the key file does not hold the key the database registered: was signaal rekey --prepare run "
     "on another machine?",
     "het sleutelbestand bevat niet de sleutel die de database registreerde: is signaal rekey "
     "--prepare op een andere machine uitgevoerd?"},
    {"values are still being written with an old key: does every server have the new key file?",
     "er worden nog waarden met een oude sleutel geschreven: heeft elke server het nieuwe "
     "sleutelbestand?"},
    {"up to 200 characters of text", "tekst van hooguit 200 tekens"},
    {"cannot read the registry of field keys", "het register van veldsleutels is niet te lezen"},
    {"the key file cannot be read again: %s", "het sleutelbestand is niet opnieuw te lezen: %s"},
    {"the registry of field keys cannot be read: %s",
     "het register van veldsleutels is niet te lezen: %s"},
    {"the database encrypts with field key %s, which the key file does not hold: copy the key file "
     "from the machine where signaal rekey ran",
     "de database versleutelt met veldsleutel %s, die niet in het sleutelbestand staat: kopieer "
     "het "
     "sleutelbestand van de machine waarop signaal rekey draaide"},
    {"the key file holds another field key %s than the one the database uses: copy the key file "
     "from the machine where signaal rekey ran",
     "het sleutelbestand bevat een andere veldsleutel %s dan de database gebruikt: kopieer het "
     "sleutelbestand van de machine waarop signaal rekey draaide"},
    {"field key %s cannot be used", "veldsleutel %s is niet te gebruiken"},
    {"json or html", "json of html"},
    {"give either the child's id or the child's BSN",
     "geef het kenmerk van het kind of het BSN van het kind, niet allebei"},
    {"a reference of 1 to 100 characters on one line",
     "een kenmerk van 1 tot en met 100 tekens op één regel"},
    {"cannot read the registry of field keys: %s",
     "het register van veldsleutels is niet te lezen: %s"},
    {"cannot register the new key: %s", "de nieuwe sleutel kan niet worden geregistreerd: %s"},
    {"cannot add a key to the key file: %s",
     "er kan geen sleutel aan het sleutelbestand worden toegevoegd: %s"},
    {"cannot make the new key active: %s",
     "de nieuwe sleutel kan niet in gebruik worden genomen: %s"},
    {"cannot re-encrypt %s: is that key in the key file?",
     "%s kan niet opnieuw worden versleuteld: staat die sleutel in het sleutelbestand?"},
    {"cannot read the encrypted values: %s", "de versleutelde waarden zijn niet te lezen: %s"},
    {"cannot store re-encrypted values: %s",
     "de opnieuw versleutelde waarden kunnen niet worden opgeslagen: %s"},
    {"cannot retire the old keys: %s",
     "de oude sleutels kunnen niet buiten gebruik worden gesteld: %s"},
    {"cannot take the retired keys out of the key file: %s",
     "de buiten gebruik gestelde sleutels kunnen niet uit het sleutelbestand worden gehaald: %s"},
    {"cannot read the schema: %s", "het schema is niet te lezen: %s"},
    {NULL, NULL},
};
