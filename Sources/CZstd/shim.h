// Zstandard, for compressing large register values in the device database.
#include <zstd.h>
