// libxml2's headers pull in the system ICU when libxml2 was built with it, which clashes with
// the ICU that Foundation ships. Folio never uses libxml2's ICU encoders, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
