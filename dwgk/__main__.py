from dwgk.cli.app import main

main()
