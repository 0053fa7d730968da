from dwgk.cli import main

main()
