#include "guard.hpp"

int
main(int argc, char** argv)
{
  return sd::main(argc, argv);
}
