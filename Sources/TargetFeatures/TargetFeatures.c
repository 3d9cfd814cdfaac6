// The module is its header (include/TargetFeatures.h); SwiftPM needs one source file for a C target.
#include "TargetFeatures.h"
