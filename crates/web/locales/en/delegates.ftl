error-not-accredited = This person has no accepted credential for this assembly.
