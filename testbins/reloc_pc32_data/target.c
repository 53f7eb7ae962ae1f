/* libtarget.so: the object that libpc32.so's PC32 slot points at. */
int target_object[4] = {11, 22, 33, 44};
