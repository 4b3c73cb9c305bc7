// zlib, for compressing large register values in the device database.
#include <zlib.h>
